using Microsoft.Extensions.DependencyInjection.Extensions;
using Ml2;
using Ml2.Storage;
using Ml2.Storage.Relational;
using Ml2.Storage.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Puts ML2 state in a SQLite file.</summary>
public static class SqliteStoreBuilderExtensions
{
    /// <summary>
    /// Keeps all state in one SQLite file (WAL, busy timeout, foreign keys on). The schema is created or brought up
    /// to date by the first transaction; a file written by a newer SDK is refused with <see cref="SchemaVersionException"/>.
    /// </summary>
    /// <param name="builder">The ML2 builder.</param>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string naming a file, e.g. <c>Data Source=ml2.db</c>.</param>
    /// <param name="configure">Tunes the busy timeout, durability and reader connections.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The connection string is empty or names an in-memory database.</exception>
    public static IMl2Builder UseSqliteStore(this IMl2Builder builder, string connectionString, Action<SqliteStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException($"Invalid SQLite connection string '{connectionString}': it must name a file, e.g. 'Data Source=ml2.db'.", nameof(connectionString));
        }

        var options = new SqliteStoreOptions();
        configure?.Invoke(options);
        var normalized = SqliteConnectionSource.Normalize(connectionString);
        builder.Services.Replace(ServiceDescriptor.Singleton(sp =>
            new RelationalDatabase(new SqliteDialect(), new SqliteConnectionSource(normalized, options), sp.GetService<TimeProvider>() ?? TimeProvider.System)));
        builder.Services.Replace(ServiceDescriptor.Singleton<IMl2Store>(sp =>
            new RelationalMl2Store(sp.GetRequiredService<RelationalDatabase>(), sp.GetRequiredService<IRandomSource>())));
        return builder;
    }
}
