using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Lbaas.Storage.Relational;

namespace Ml2.Storage.Sqlite.Tests;

/// <summary>
/// The default secret protector shares its key ring directory with other controller instances: a password another
/// instance protected with a key this one has not read yet (two instances starting at once on an empty directory each
/// make a key) is still unprotected, after reading the directory again.
/// </summary>
public sealed class KeyRingSharingTests
{
    private readonly string _keyRing = Path.Combine(SqliteStoreTarget.Root, Guid.NewGuid().ToString("N") + "-shared-keys");

    [Fact]
    public void A_password_protected_with_a_key_another_instance_added_later_is_unprotected()
    {
        using var mine = new DataProtectionSecretProtector(_keyRing);
        mine.Unprotect(mine.Protect("warm-up")).Should().Be("warm-up", "this instance has read the ring with its first key");

        // Another instance, with the same directory and application name, makes a newer key its default and protects with it.
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName(DataProtectionSecretProtector.ApplicationName).PersistKeysToFileSystem(new DirectoryInfo(_keyRing));
        using var other = services.BuildServiceProvider();
        var keys = other.GetRequiredService<IKeyManager>();
        var first = keys.GetAllKeys().Should().ContainSingle().Subject;
        keys.CreateNewKey(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(90));
        keys.RevokeKey(first.KeyId, "the other instance uses its own key");
        var payload = other.GetDataProtector(DataProtectionSecretProtector.Purpose).Protect("pa55-from-the-other-instance");

        mine.Unprotect(payload).Should().Be("pa55-from-the-other-instance");
    }
}
