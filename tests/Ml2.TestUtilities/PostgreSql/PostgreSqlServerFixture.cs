using Xunit;

namespace Ml2.TestUtilities;

/// <summary>
/// An xunit fixture holding one <see cref="PostgreSqlTestServer"/> for every test class of a collection: started
/// before the first test, stopped (and its files deleted) after the last. Give each test its own database with
/// <see cref="PostgreSqlTestServer.CreateDatabaseAsync"/> so tests do not see each other's data.
/// </summary>
/// <remarks>
/// xunit only discovers collection definitions in the test assembly, so each test project that uses the fixture
/// declares the collection itself, once:
/// <code>
/// [CollectionDefinition(PostgreSqlServerFixture.CollectionName)]
/// public sealed class PostgreSqlCollection : ICollectionFixture&lt;PostgreSqlServerFixture&gt;;
/// </code>
/// and each test class joins it and takes the fixture in its constructor:
/// <code>
/// [Collection(PostgreSqlServerFixture.CollectionName)]
/// public sealed class SomeStoreTests(PostgreSqlServerFixture postgres)
/// {
///     [Fact]
///     public async Task Something()
///     {
///         var connectionString = await postgres.Server.CreateDatabaseAsync();
///         // ...
///     }
/// }
/// </code>
/// Test classes in one collection do not run in parallel with each other. A test class that wants a server of its own,
/// shared only by its own tests and run in parallel with other classes, can use
/// <c>IClassFixture&lt;PostgreSqlServerFixture&gt;</c> instead. When the binaries are missing, initialisation throws
/// and every test using the fixture fails with the message saying how to install them.
/// </remarks>
public sealed class PostgreSqlServerFixture : IAsyncLifetime
{
    /// <summary>The name the test projects give their PostgreSQL collection: <c>"PostgreSql"</c>.</summary>
    public const string CollectionName = "PostgreSql";

    private PostgreSqlTestServer? _server;

    /// <summary>The running server.</summary>
    /// <exception cref="InvalidOperationException">Read before xunit initialised the fixture, or after it was disposed.</exception>
    public PostgreSqlTestServer Server =>
        _server ?? throw new InvalidOperationException("The PostgreSQL fixture is not initialised (or has been disposed).");

    /// <summary>Starts the server; called by xunit before the first test that uses the fixture.</summary>
    /// <returns>A task that completes when the server accepts connections.</returns>
    public async Task InitializeAsync() => _server = await PostgreSqlTestServer.StartAsync().ConfigureAwait(false);

    /// <summary>Stops the server and deletes its files; called by xunit after the last test that uses the fixture.</summary>
    /// <returns>A task that completes when the server is gone.</returns>
    public async Task DisposeAsync()
    {
        if (_server is { } server)
        {
            _server = null;
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
