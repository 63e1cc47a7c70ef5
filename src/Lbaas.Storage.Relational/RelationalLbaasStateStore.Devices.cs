using System.Data.Common;
using System.Text.Json;
using Lbaas.Devices;
using Lbaas.Storage;
using Ml2.Exceptions;
using Lbaas;
using Ml2.Storage.Relational.Sql;

namespace Lbaas.Storage.Relational;

/// <summary>
/// Devices: a JSON body (which never carries credentials), the revision, and the credentials in columns of their own
/// so a restarted controller can still reach the device. The password column holds the password encrypted by the
/// store's <see cref="CredentialProtection"/> (<c>credentials_protected = 1</c>); rows written in plain text before
/// schema version 5 (<c>credentials_protected = 0</c>) are encrypted in place by the first device operation of a store
/// instance (<see cref="EnsureCredentialsProtectedAsync"/>).
/// </summary>
internal sealed partial class RelationalLbaasStateStore
{
    private const string DeviceColumns = "id, revision, body, credentials_username, credentials_password, credentials_protected";

    private volatile bool _credentialsChecked;

    public ValueTask<Device?> FindDeviceAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        return RunAsync(readOnly: true, session => ReadDeviceAsync(session, deviceId, lockRow: false, cancellationToken), cancellationToken);
    }

    public ValueTask<DeviceState?> FindDeviceStateAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        return RunAsync(readOnly: true, async session =>
            await ReadDeviceAsync(session, deviceId, lockRow: false, cancellationToken).ConfigureAwait(false) is { } device
                ? new DeviceState(device, await ReadClaimsAsync(session, deviceId, cancellationToken).ConfigureAwait(false))
                : null,
            cancellationToken);
    }

    public ValueTask<IReadOnlyList<Device>> ListDevicesAsync(CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<Device>>(
            readOnly: true,
            async session => await session.QueryAsync($"SELECT {DeviceColumns} FROM lbaas_devices ORDER BY id", ReadDevice, cancellationToken).ConfigureAwait(false),
            cancellationToken);

    public ValueTask<IReadOnlyList<DeviceState>> ListDeviceStatesAsync(CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<DeviceState>>(
            readOnly: true,
            async session =>
            {
                var devices = await session.QueryAsync($"SELECT {DeviceColumns} FROM lbaas_devices ORDER BY id", ReadDevice, cancellationToken).ConfigureAwait(false);
                var claims = (await session.QueryAsync("SELECT device_id, body, slot FROM lbaas_claims ORDER BY device_id, load_balancer_id", ReadDeviceClaim, cancellationToken)
                    .ConfigureAwait(false)).ToLookup(c => c.DeviceId, c => c.Claim, StringComparer.Ordinal);
                return devices.Select(d => new DeviceState(d, [.. claims[d.Id]])).ToList();
            },
            cancellationToken);

    public ValueTask<Device> AddDeviceAsync(Device device, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(device);
        var stored = device with { RevisionNumber = 1 };
        return RunAsync(readOnly: false, async session =>
        {
            var inserted = await session.ExecuteAsync(
                $"INSERT INTO lbaas_devices ({DeviceColumns}) VALUES (@id, 1, @body, @username, @password, @protected) ON CONFLICT (id) DO NOTHING",
                cancellationToken,
                DeviceArgs(stored)).ConfigureAwait(false);
            return inserted == 1 ? stored : throw new ConflictException($"Device {device.Id} already exists.");
        }, cancellationToken);
    }

    public ValueTask<Device> UpdateDeviceAsync(Device device, long expectedRevision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(device);
        return RunAsync(readOnly: false, async session =>
        {
            var current = await ReadDeviceAsync(session, device.Id, lockRow: true, cancellationToken, credentials: false).ConfigureAwait(false)
                ?? throw new ResourceNotFoundException("Device", device.Id);
            if (current.RevisionNumber != expectedRevision)
            {
                throw new ConcurrencyConflictException("Device", device.Id, expectedRevision, current.RevisionNumber);
            }

            if (!string.Equals(device.Provider, current.Provider, StringComparison.Ordinal))
            {
                throw new InvalidOperationException("A device's provider cannot change.");
            }

            var stored = device with { RevisionNumber = expectedRevision + 1 };
            var args = DeviceArgs(stored);
            await session.ExecuteAsync(
                "UPDATE lbaas_devices SET revision = @revision, body = @body, credentials_username = @username, credentials_password = @password, credentials_protected = @protected WHERE id = @id",
                cancellationToken,
                [.. args, new SqlArg("revision", stored.RevisionNumber)]).ConfigureAwait(false);
            return stored;
        }, cancellationToken);
    }

    public ValueTask<DeviceRemoval> RemoveDeviceAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        return RunAsync(readOnly: false, async session =>
        {
            if (await ReadDeviceAsync(session, deviceId, lockRow: true, cancellationToken, credentials: false).ConfigureAwait(false) is null)
            {
                return new DeviceRemoval(DeviceRemovalStatus.NotFound, 0);
            }

            var hosted = (int)(await session.Int64Async("SELECT COUNT(*) FROM lbaas_claims WHERE device_id = @id", cancellationToken, new SqlArg("id", deviceId))
                .ConfigureAwait(false) ?? 0);
            if (hosted > 0)
            {
                return new DeviceRemoval(DeviceRemovalStatus.HostsLoadBalancers, hosted);
            }

            await session.ExecuteAsync("DELETE FROM lbaas_devices WHERE id = @id", cancellationToken, new SqlArg("id", deviceId)).ConfigureAwait(false);
            return new DeviceRemoval(DeviceRemovalStatus.Removed, 0);
        }, cancellationToken);
    }

    /// <summary>
    /// Reads a device; with <paramref name="lockRow"/> the row stays locked until the transaction ends. Without
    /// <paramref name="credentials"/> the password is not decrypted (claims and updates need only the revision and the
    /// capacity) and the device carries none.
    /// </summary>
    private async ValueTask<Device?> ReadDeviceAsync(SqlSession session, string deviceId, bool lockRow, CancellationToken cancellationToken, bool credentials = true)
    {
        var rows = await session.QueryAsync<Device>(
            $"SELECT {DeviceColumns} FROM lbaas_devices WHERE id = @id{(lockRow ? session.Dialect.LockRowsSuffix : "")}",
            credentials ? ReadDevice : ReadDeviceWithoutCredentials,
            cancellationToken,
            new SqlArg("id", deviceId)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    private static Device ReadDeviceWithoutCredentials(DbDataReader row) =>
        (LbaasJson.Deserialize<Device>(row.GetString(2)) ?? throw new InvalidDataException("A row of lbaas_devices holds no device."))
            with { RevisionNumber = row.GetInt64(1) };

    private Device ReadDevice(DbDataReader row)
    {
        var device = ReadDeviceWithoutCredentials(row);
        if (row.IsDBNull(3))
        {
            return device;
        }

        var stored = row.IsDBNull(4) ? null : row.GetString(4);
        var password = stored is null ? "" : row.GetInt32(5) == 1 ? _credentials.Unprotect(stored) : stored;
        return device with { Credentials = new DeviceCredentials(row.GetString(3), password) };
    }

    private SqlArg[] DeviceArgs(Device device) =>
    [
        new SqlArg("id", device.Id),
        new SqlArg("body", LbaasJson.Serialize(device)),
        new SqlArg("username", device.Credentials?.Username),
        new SqlArg("password", device.Credentials is { } credentials ? _credentials.Protect(credentials.Password) : null),
        new SqlArg("protected", device.Credentials is null ? 0 : 1),
    ];

    /// <summary>
    /// Encrypts, once per store instance, the passwords that an SDK before schema version 5 wrote in plain text (each
    /// row updated only if still unprotected, so instances doing it at once do not protect twice). The revision does not
    /// move: the device did not change.
    /// </summary>
    /// <exception cref="InvalidOperationException">Plain-text passwords are there and no key ring is configured.</exception>
    private async ValueTask EnsureCredentialsProtectedAsync(CancellationToken cancellationToken)
    {
        if (_credentialsChecked)
        {
            return;
        }

        await RunCoreAsync(readOnly: false, async session =>
        {
            var plain = await session.QueryAsync(
                "SELECT id, credentials_password FROM lbaas_devices WHERE credentials_password IS NOT NULL AND credentials_protected = 0",
                r => (Id: r.GetString(0), Password: r.GetString(1)),
                cancellationToken).ConfigureAwait(false);
            if (plain.Count > 0 && _credentials.Protector is null)
            {
                throw new InvalidOperationException(
                    $"{plain.Count} device password(s) written in plain text by an earlier version must be encrypted first. {CredentialProtection.NotConfiguredMessage}");
            }

            foreach (var (id, password) in plain)
            {
                await session.ExecuteAsync(
                    "UPDATE lbaas_devices SET credentials_password = @password, credentials_protected = 1 WHERE id = @id AND credentials_protected = 0",
                    cancellationToken,
                    new SqlArg("id", id),
                    new SqlArg("password", _credentials.Protect(password))).ConfigureAwait(false);
            }

            return plain.Count;
        }, cancellationToken).ConfigureAwait(false);
        _credentialsChecked = true;
    }
}
