using Lbaas.Configuration;
using Lbaas.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lbaas.Storage.Relational;

/// <summary>
/// How the SQL LBaaS store protects device passwords at rest, decided once per host: a registered
/// <see cref="ISecretProtector"/>; else Data Protection with the key ring in
/// <see cref="LbaasOptions.CredentialKeyRingDirectory"/>; else the store's default key ring (SQLite: next to the
/// database file, with a warning); else (PostgreSQL) none, and storing a password is refused with how to configure one.
/// </summary>
internal sealed partial class CredentialProtection : IDisposable
{
    /// <summary>What is said when a password must be stored and nothing can encrypt it.</summary>
    public const string NotConfiguredMessage =
        "Device credentials are stored encrypted, and no key ring is configured to encrypt them: set " +
        "LbaasOptions.CredentialKeyRingDirectory (configuration key lbaas:credential_key_ring_directory) to a directory " +
        "shared by every controller instance of this database and readable only by them, or register an ISecretProtector " +
        "with UseSecretProtector(). See docs/operator-guide.md.";

    private readonly DataProtectionSecretProtector? _owned;

    private CredentialProtection(ISecretProtector? protector, DataProtectionSecretProtector? owned)
    {
        Protector = protector;
        _owned = owned;
    }

    /// <summary>The protector, or null when none is configured (then passwords are refused).</summary>
    public ISecretProtector? Protector { get; }

    /// <summary>Decides from the host's services; <paramref name="defaultKeyRing"/> is the store's fallback directory or null.</summary>
    public static CredentialProtection Resolve(IServiceProvider services, string? defaultKeyRing)
    {
        if (services.GetService<ISecretProtector>() is { } registered)
        {
            return new CredentialProtection(registered, null);
        }

        if (services.GetService<IOptions<LbaasOptions>>()?.Value.CredentialKeyRingDirectory is { Length: > 0 } configured)
        {
            var protector = new DataProtectionSecretProtector(configured);
            return new CredentialProtection(protector, protector);
        }

        if (defaultKeyRing is not null)
        {
            var protector = new DataProtectionSecretProtector(defaultKeyRing);
            if (services.GetService<ILoggerFactory>() is { } loggers)
            {
                Log.KeyRingNextToDatabase(loggers.CreateLogger<CredentialProtection>(), protector.KeyRingDirectory);
            }

            return new CredentialProtection(protector, protector);
        }

        return new CredentialProtection(null, null);
    }

    /// <summary>For tests and hosts that pass a protector directly.</summary>
    public static CredentialProtection Using(ISecretProtector? protector) => new(protector, null);

    /// <summary>Encrypts a password; refuses when no protector is configured.</summary>
    /// <exception cref="InvalidOperationException">No key ring is configured (<see cref="NotConfiguredMessage"/>).</exception>
    public string Protect(string password) =>
        (Protector ?? throw new InvalidOperationException(NotConfiguredMessage)).Protect(password);

    /// <summary>Decrypts a stored password.</summary>
    /// <exception cref="InvalidOperationException">No key ring is configured.</exception>
    public string Unprotect(string stored) =>
        (Protector ?? throw new InvalidOperationException(NotConfiguredMessage)).Unprotect(stored);

    public void Dispose() => _owned?.Dispose();

    private static partial class Log
    {
        [LoggerMessage(EventId = 9401, EventName = nameof(KeyRingNextToDatabase), Level = LogLevel.Warning,
            Message = "Device passwords are encrypted with a key ring kept next to the database, in {KeyRingDirectory}: anyone who can read both " +
                      "can decrypt them. Set lbaas:credential_key_ring_directory (LbaasOptions.CredentialKeyRingDirectory) to keep the keys elsewhere.")]
        public static partial void KeyRingNextToDatabase(ILogger logger, string keyRingDirectory);
    }
}
