namespace Lbaas.Storage;

/// <summary>
/// Encrypts secrets a durable store keeps at rest (device passwords), so the database file or rows never hold them in
/// plain text. The SQL stores use ASP.NET Core Data Protection with the key ring in
/// <c>LbaasOptions.CredentialKeyRingDirectory</c> unless one is registered with
/// <c>UseSecretProtector</c> (for example backed by a KMS or an HSM). Every controller instance sharing a database must
/// be able to unprotect what the others protected (one shared key ring).
/// </summary>
public interface ISecretProtector
{
    /// <summary>Encrypts (and authenticates) a secret.</summary>
    /// <param name="plaintext">The secret.</param>
    /// <returns>Text that reveals nothing of <paramref name="plaintext"/> and that <see cref="Unprotect"/> turns back into it.</returns>
    string Protect(string plaintext);

    /// <summary>Decrypts what <see cref="Protect"/> returned.</summary>
    /// <param name="protectedText">The protected text.</param>
    /// <returns>The secret.</returns>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The text was tampered with, or its key is not in the key ring.</exception>
    string Unprotect(string protectedText);
}
