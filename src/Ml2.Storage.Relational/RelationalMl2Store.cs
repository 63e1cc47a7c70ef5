using Microsoft.Extensions.Diagnostics.HealthChecks;
using Ml2.Storage.Relational.Migrations;
using Ml2.Storage.Relational.Repositories;

namespace Ml2.Storage.Relational;

/// <summary>
/// The ML2 store over a SQL database (SQLite or PostgreSQL): each transaction is a database transaction on a
/// connection of its own. As an <see cref="IHealthCheck"/> (asked by the <c>ml2-store</c> health check) it reports
/// whether the database is reachable and its schema at the version this SDK writes.
/// </summary>
internal sealed class RelationalMl2Store : IMl2Store, IHealthCheck
{
    public RelationalMl2Store(RelationalDatabase database, MigrationSet schema, IRandomSource random)
    {
        database.Require(schema);
        Database = database;
        Schema = schema;
        Random = random;
        var order = database.Dialect.InsertionOrderColumn;
        NetworkSql = new ResourceSql("ml2_networks", grouped: false, order);
        SubnetSql = new ResourceSql("ml2_subnets", grouped: true, order);
        PortSql = new ResourceSql("ml2_ports", grouped: true, order, lookupColumn: "mac_address");
    }

    internal RelationalDatabase Database { get; }

    /// <summary>The ML2 schema of the database's product.</summary>
    internal MigrationSet Schema { get; }

    internal IRandomSource Random { get; }

    /// <summary>The pools' ranges as last read, shared by this store's transactions.</summary>
    internal PoolRangeCache PoolRanges { get; } = new();

    internal ResourceSql NetworkSql { get; }

    internal ResourceSql SubnetSql { get; }

    internal ResourceSql PortSql { get; }

    public ValueTask<IMl2Transaction> BeginTransactionAsync(CancellationToken cancellationToken = default) => BeginAsync(readOnly: false, cancellationToken);

    public ValueTask<IMl2Transaction> BeginReadOnlyTransactionAsync(CancellationToken cancellationToken = default) => BeginAsync(readOnly: true, cancellationToken);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        RelationalStoreHealth.CheckAsync(Database, Schema, context, cancellationToken);

    private async ValueTask<IMl2Transaction> BeginAsync(bool readOnly, CancellationToken cancellationToken) =>
        new RelationalTransaction(this, await Database.BeginAsync(readOnly, cancellationToken).ConfigureAwait(false), readOnly);
}
