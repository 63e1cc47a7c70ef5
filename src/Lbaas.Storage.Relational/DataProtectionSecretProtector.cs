using Lbaas.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Lbaas.Storage.Relational;

/// <summary>
/// The SQL stores' default <see cref="ISecretProtector"/>: ASP.NET Core Data Protection (authenticated encryption,
/// keys rotated every 90 days and kept for unprotecting older values) with its key ring in a directory, under a fixed
/// application name so every controller instance pointed at the same directory shares the keys (instances that start
/// together on an empty directory may each make a key; Data Protection reads the directory again when it meets a key it
/// has not loaded during its first minutes, and new keys of the 90-day rotation are made days before they are used).
/// Its own small service container keeps Data Protection out of the host's.
/// </summary>
internal sealed class DataProtectionSecretProtector : ISecretProtector, IDisposable
{
    /// <summary>The application discriminator: not the content root (the default), which differs between hosts.</summary>
    public const string ApplicationName = "ml2-lbaas";

    /// <summary>The purpose the device passwords are protected for.</summary>
    public const string Purpose = "Ml2.Lbaas.DeviceCredentials.v1";

    private readonly ServiceProvider _services;
    private readonly IDataProtector _protector;

    public DataProtectionSecretProtector(string keyRingDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyRingDirectory);
        KeyRingDirectory = Path.GetFullPath(keyRingDirectory);
        CreateOwnerOnly(KeyRingDirectory);
        var services = new ServiceCollection();
        services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToFileSystem(new DirectoryInfo(KeyRingDirectory));
        _services = services.BuildServiceProvider();
        _protector = _services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);
    }

    /// <summary>The full path of the key ring directory.</summary>
    public string KeyRingDirectory { get; }

    public string Protect(string plaintext) => _protector.Protect(plaintext);

    public string Unprotect(string protectedText) => _protector.Unprotect(protectedText);

    public void Dispose() => _services.Dispose();

    /// <summary>Creates the directory readable by its owner only (on Unix; Windows inherits the parent's ACL).</summary>
    private static void CreateOwnerOnly(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
