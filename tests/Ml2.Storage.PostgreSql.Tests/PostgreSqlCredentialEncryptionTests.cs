using Lbaas.Devices;
using Microsoft.Extensions.DependencyInjection;
using Lbaas;
using Ml2.Storage.Relational;

namespace Ml2.Storage.PostgreSql.Tests;

/// <summary>
/// Device passwords are encrypted at rest in PostgreSQL (the row read through SQL holds no password, the store reads it
/// back); without a configured key ring the store refuses to store one and says how to configure it.
/// </summary>
[Collection(PostgreSqlServerFixture.CollectionName)]
public sealed class PostgreSqlCredentialEncryptionTests(PostgreSqlServerFixture pg) : StoreSuite<string>(new PostgreSqlStoreTarget(pg.Server))
{
    private const string Password = "Pa55-w0rd-pg-41ac-unique";

    [Fact]
    public async Task A_device_password_is_not_in_its_row_and_reads_back()
    {
        await Host.Services.GetRequiredService<global::Lbaas.Storage.IDeviceStore>().AddDeviceAsync(Device("adc-1", Password));

        var row = await ReadRowAsync(Host, "adc-1");
        row.Should().NotContain(Password).And.Contain("admin", "the row was read (the user name is not a secret)");
        (await Host.Services.GetRequiredService<global::Lbaas.Storage.IDeviceStore>().FindDeviceAsync("adc-1"))!.Credentials!.Password.Should().Be(Password);

        await using var other = await ConformanceHost.StartAsync(Target, Database, seed: 5);
        (await other.Services.GetRequiredService<global::Lbaas.Storage.IDeviceStore>().FindDeviceAsync("adc-1"))!.Credentials!.Password.Should().Be(Password, "another controller instance with the shared key ring reads it");
    }

    [Fact]
    public async Task Without_a_key_ring_a_password_is_refused_with_how_to_configure_one_and_nothing_is_stored()
    {
        await using var bare = await ConformanceHost.StartAsync(new UnconfiguredTarget(), Database, seed: 5);

        var act = async () => await bare.Services.GetRequiredService<global::Lbaas.Storage.IDeviceStore>().AddDeviceAsync(Device("adc-1", Password));

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("lbaas:credential_key_ring_directory").And.Contain("UseSecretProtector");
        (await bare.Services.GetRequiredService<global::Lbaas.Storage.IDeviceStore>().ListDevicesAsync()).Should().BeEmpty();
        (await bare.Services.GetRequiredService<global::Lbaas.Storage.IDeviceStore>().AddDeviceAsync(Device("adc-2", Password) with { Credentials = null })).Id.Should().Be("adc-2", "a device without a password needs no key ring");
    }

    [Fact]
    public async Task A_password_an_older_version_stored_in_plain_text_is_encrypted_by_the_first_use()
    {
        await Host.Services.GetRequiredService<global::Lbaas.Storage.IDeviceStore>().AddDeviceAsync(Device("adc-1", "placeholder"));
        await RawSql.ExecuteAsync(Host, "UPDATE lbaas_devices SET credentials_password = 'legacy-Plain-pg-5e1b', credentials_protected = 0");
        (await ReadRowAsync(Host, "adc-1")).Should().Contain("legacy-Plain-pg-5e1b");

        await using var upgraded = await ConformanceHost.StartAsync(Target, Database, seed: 5);
        (await upgraded.Services.GetRequiredService<global::Lbaas.Storage.IDeviceStore>().FindDeviceAsync("adc-1"))!.Credentials!.Password.Should().Be("legacy-Plain-pg-5e1b");

        (await ReadRowAsync(upgraded, "adc-1")).Should().NotContain("legacy-Plain-pg-5e1b");
    }

    [Fact]
    public async Task Plain_text_passwords_without_a_key_ring_stop_the_store_with_how_to_configure_one()
    {
        await Host.Services.GetRequiredService<global::Lbaas.Storage.IDeviceStore>().AddDeviceAsync(Device("adc-1", "placeholder"));
        await RawSql.ExecuteAsync(Host, "UPDATE lbaas_devices SET credentials_password = 'legacy-Plain-pg-77aa', credentials_protected = 0");
        await using var bare = await ConformanceHost.StartAsync(new UnconfiguredTarget(), Database, seed: 5);

        var act = async () => await bare.Services.GetRequiredService<global::Lbaas.Storage.IDeviceStore>().ListDevicesAsync();

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("1 device password(s) written in plain text").And.Contain("lbaas:credential_key_ring_directory");
    }

    /// <summary>The whole row of a device as PostgreSQL returns it through SQL, every column as text.</summary>
    private static async Task<string> ReadRowAsync(ConformanceHost host, string id) =>
        (await RawSql.ReadAsync(host, s => s.QueryAsync("SELECT d::text FROM lbaas_devices AS d WHERE d.id = @id", r => r.GetString(0), default, new Relational.Sql.SqlArg("id", id)))).Single();

    private static Device Device(string id, string password) => new()
    {
        Id = id, Name = id, Provider = "adc", HostId = "lb-host-1", Capacity = new DeviceCapacity(4, 4), Credentials = new DeviceCredentials("admin", password),
    };

    /// <summary>PostgreSQL with no key ring configured.</summary>
    private sealed class UnconfiguredTarget : StoreTarget<string>
    {
        public override Task<string> CreateDatabaseAsync() => throw new NotSupportedException();

        public override void Use(IMl2Builder builder, string database)
        {
            builder.UsePostgreSqlStore(database);
            new StoreOnlyLbaasBuilder(builder.Services).UsePostgreSqlStore(database);
        }
    }
}
