using System.Text;
using Lbaas.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Lbaas;

namespace Ml2.Storage.Sqlite.Tests;

/// <summary>
/// Device passwords are encrypted at rest in the SQLite file: neither the database file nor its write-ahead log holds
/// them in any encoding, the store reads them back, the key ring is where the operator put it (or next to the file),
/// and passwords an older version wrote in plain text are encrypted by the first use.
/// </summary>
public sealed class SqliteCredentialEncryptionTests
{
    private const string Password = "Pa55-w0rd-7f3c9b-unique";
    private readonly string _file = SqliteStoreTarget.NewFile();
    private readonly string _keyRing = Path.Combine(SqliteStoreTarget.Root, Guid.NewGuid().ToString("N") + "-keys");

    [Fact]
    public async Task A_device_password_is_in_neither_the_database_file_nor_its_wal_and_reads_back()
    {
        await using var host = await StartAsync(_keyRing);
        await host.Services.GetRequiredService<global::Lbaas.Storage.IDeviceStore>().AddDeviceAsync(Device("adc-1", Password));
        await host.Services.GetRequiredService<global::Lbaas.Storage.IDeviceStore>().UpdateDeviceAsync(Device("adc-1", Password) with { Name = "renamed" }, expectedRevision: 1);

        // While the host is open the last writes live in the -wal file; both files are read as they are on disk.
        File.Exists(_file + "-wal").Should().BeTrue("the store runs in WAL mode");
        AssertNoPassword(ReadShared(_file), "the database file");
        AssertNoPassword(ReadShared(_file + "-wal"), "the -wal file");
        var found = (await host.Services.GetRequiredService<global::Lbaas.Storage.IDeviceStore>().FindDeviceAsync("adc-1"))!;
        found.Credentials!.Password.Should().Be(Password);
        found.Credentials.Username.Should().Be("admin");
        (await host.Services.GetRequiredService<global::Lbaas.Storage.IDeviceStore>().ListDeviceStatesAsync()).Single().Device.Credentials!.Password.Should().Be(Password);
        Directory.EnumerateFiles(_keyRing, "key-*.xml").Should().NotBeEmpty("the key ring is in the configured directory");
        Directory.Exists(_file + ".keys").Should().BeFalse("a configured key ring is used instead of the default");

        await host.DisposeAsync();
        AssertNoPassword(ReadShared(_file), "the database file after the checkpoint on close");
        await using var restarted = await StartAsync(_keyRing);
        (await restarted.Services.GetRequiredService<global::Lbaas.Storage.IDeviceStore>().FindDeviceAsync("adc-1"))!.Credentials!.Password.Should().Be(Password, "a restarted controller still reaches the device");
    }

    [Fact]
    public async Task Without_a_configured_key_ring_the_keys_are_kept_next_to_the_file_with_owner_only_access()
    {
        await using var host = await StartAsync(keyRing: null);
        await host.Services.GetRequiredService<global::Lbaas.Storage.IDeviceStore>().AddDeviceAsync(Device("adc-1", Password));

        AssertNoPassword(ReadShared(_file), "the database file");
        AssertNoPassword(ReadShared(_file + "-wal"), "the -wal file");
        (await host.Services.GetRequiredService<global::Lbaas.Storage.IDeviceStore>().FindDeviceAsync("adc-1"))!.Credentials!.Password.Should().Be(Password);
        Directory.EnumerateFiles(_file + ".keys", "key-*.xml").Should().NotBeEmpty();
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(_file + ".keys").Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public async Task A_password_an_older_version_stored_in_plain_text_is_encrypted_by_the_first_use()
    {
        await using (var first = await StartAsync(_keyRing))
        {
            await first.Services.GetRequiredService<global::Lbaas.Storage.IDeviceStore>().AddDeviceAsync(Device("adc-1", "placeholder"));
        }

        // What a database written before schema version 5 holds once migrated: the password as text, not protected.
        Execute("UPDATE lbaas_devices SET credentials_password = 'legacy-Plain-9d2e', credentials_protected = 0");
        AssertContains(ReadShared(_file), "legacy-Plain-9d2e");

        await using (var upgraded = await StartAsync(_keyRing))
        {
            (await upgraded.Services.GetRequiredService<global::Lbaas.Storage.IDeviceStore>().FindDeviceAsync("adc-1"))!.Credentials!.Password.Should().Be("legacy-Plain-9d2e");
        }

        Query("SELECT credentials_protected FROM lbaas_devices").Should().Be("1");
        Query("SELECT credentials_password FROM lbaas_devices").Should().NotContain("legacy-Plain-9d2e");
        Execute("VACUUM");   // the old page content is gone from the file once it is rewritten
        AssertNoPassword(ReadShared(_file), "the database file after the upgrade", "legacy-Plain-9d2e");
    }

    private static void AssertNoPassword(byte[] bytes, string what, string password = Password)
    {
        foreach (var encoding in new Encoding[] { Encoding.UTF8, Encoding.Unicode, Encoding.BigEndianUnicode, Encoding.UTF32 })
        {
            bytes.AsSpan().IndexOf(encoding.GetBytes(password)).Should().Be(-1, $"{what} must not hold the password as {encoding.WebName}");
        }
    }

    private static void AssertContains(byte[] bytes, string text) =>
        bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)).Should().BeGreaterThanOrEqualTo(0, "the plain-text row was written (the check above is not vacuous)");

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private string Query(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    private Task<ConformanceHost> StartAsync(string? keyRing) =>
        ConformanceHost.StartAsync(new KeyRingTarget(keyRing), _file, seed: 1);

    private static Device Device(string id, string password) => new()
    {
        Id = id, Name = id, Provider = "adc", HostId = "lb-host-1", Capacity = new DeviceCapacity(4, 4), Credentials = new DeviceCredentials("admin", password),
    };

    /// <summary>The SQLite target, with the key ring directory configured (or not).</summary>
    private sealed class KeyRingTarget(string? keyRing) : StoreTarget<string>
    {
        private readonly SqliteStoreTarget _sqlite = new();

        public override Task<string> CreateDatabaseAsync() => _sqlite.CreateDatabaseAsync();

        public override void Use(IMl2Builder builder, string database)
        {
            _sqlite.Use(builder, database);
            if (keyRing is not null)
            {
                builder.Services.Configure<LbaasOptions>(o => o.CredentialKeyRingDirectory = keyRing);
            }
        }
    }
}
