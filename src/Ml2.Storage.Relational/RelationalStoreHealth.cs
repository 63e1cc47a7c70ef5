using Microsoft.Extensions.Diagnostics.HealthChecks;
using Ml2.Storage.Relational.Migrations;

namespace Ml2.Storage.Relational;

/// <summary>
/// The health of a SQL store: the database answers, and the version its feature's schema history records is the
/// newest this SDK knows.
/// The check first brings the schema up to date as the first transaction would (nothing once done), then reads the
/// recorded version afresh each time, so a newer SDK that migrated a shared database later is noticed. The result
/// names the provider and both versions; connection strings never appear in it.
/// </summary>
internal static class RelationalStoreHealth
{
    public static async Task<HealthCheckResult> CheckAsync(RelationalDatabase database, MigrationSet schema, HealthCheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var provider = database.Dialect.Provider;
        var supported = schema.LatestVersion;
        var data = new Dictionary<string, object> { ["store"] = provider, ["supported_schema_version"] = supported };
        int version;
        try
        {
            await database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            version = await database.ReadSchemaVersionAsync(schema, cancellationToken).ConfigureAwait(false);
        }
        catch (SchemaVersionException ex)
        {
            return TooNew(context, provider, ex, data);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(
                context.Registration.FailureStatus,
                $"The {provider} database could not be reached or read: {ex.GetType().Name}: {ex.Message}",
                ex,
                data);
        }

        data["schema_version"] = version;
        if (version > supported)
        {
            return TooNew(context, provider, new SchemaVersionException(version, supported), data);
        }

        if (version < supported)
        {
            return new HealthCheckResult(
                context.Registration.FailureStatus,
                $"The {provider} database's schema is at version {version}, older than the {supported} this SDK writes, although it was migrated: a step was removed from {schema.HistoryTable} by hand.",
                data: data);
        }

        return HealthCheckResult.Healthy($"The {provider} database answers; its schema is at version {version}, the newest this SDK knows.", data);
    }

    private static HealthCheckResult TooNew(HealthCheckContext context, string provider, SchemaVersionException ex, Dictionary<string, object> data)
    {
        data["schema_version"] = ex.DatabaseVersion;
        return new HealthCheckResult(context.Registration.FailureStatus, $"The {provider} database cannot be used: {ex.Message}", ex, data);
    }
}
