using System.Text.Json.Serialization;

namespace Lbaas;

/// <summary>
/// The secret a driver uses to log in to a device. It never appears in logs, <see cref="ToString"/> or JSON: the
/// serialiser writes it as null and records print it masked. Only a driver reads <see cref="Password"/>.
/// </summary>
[JsonConverter(typeof(RedactedCredentialsConverter))]
public sealed class DeviceCredentials(string username, string password)
{
    /// <summary>The user name.</summary>
    public string Username { get; } = username;

    /// <summary>The password or token. Keep it out of logs.</summary>
    public string Password { get; } = password;

    /// <summary>Always masked.</summary>
    /// <returns><c>***</c>.</returns>
    public override string ToString() => "***";
}
