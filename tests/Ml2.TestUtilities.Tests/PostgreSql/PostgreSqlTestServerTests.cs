using System.Net.Sockets;
using Npgsql;

namespace Ml2.TestUtilities.Tests.PostgreSql;

/// <summary>The throwaway PostgreSQL server the storage tests run against: start, databases, loopback only, stop.</summary>
public sealed class PostgreSqlTestServerTests
{
    [Fact]
    public async Task StartAsync_serves_separate_databases_on_loopback_at_the_reported_port()
    {
        await using var server = await PostgreSqlTestServer.StartAsync();

        var first = await server.CreateDatabaseAsync();
        var second = await server.CreateDatabaseAsync();

        first.Should().NotBe(second);
        await ExecuteAsync(first, "CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL)");
        await ExecuteAsync(first, "INSERT INTO items VALUES (1, 'one'), (2, 'two')");
        await ExecuteAsync(second, "CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL)");
        await ExecuteAsync(second, "INSERT INTO items VALUES (3, 'three')");

        (await QueryAsync(first, "SELECT string_agg(name, ',' ORDER BY id) FROM items")).Should().Be("one,two");
        (await QueryAsync(second, "SELECT string_agg(name, ',' ORDER BY id) FROM items")).Should().Be("three");

        server.Host.Should().Be("127.0.0.1");
        (await QueryAsync(first, "SELECT host(inet_server_addr())")).Should().Be("127.0.0.1");
        (await QueryAsync(first, "SELECT inet_server_port()")).Should().Be(server.Port);
        (await QueryAsync(first, "SHOW listen_addresses")).Should().Be("127.0.0.1");
        (await QueryAsync(first, "SHOW max_connections")).Should().Be("200");
        (await QueryAsync(first, "SHOW fsync")).Should().Be("off");
        (await QueryAsync(first, "SHOW server_encoding")).Should().Be("UTF8");

        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", server.Port);
        tcp.Connected.Should().BeTrue();
    }

    [Fact]
    public async Task ConnectionString_uses_the_documented_settings()
    {
        await using var server = await PostgreSqlTestServer.StartAsync();

        var builder = new NpgsqlConnectionStringBuilder(server.ConnectionString("postgres"));

        builder.Host.Should().Be("127.0.0.1");
        builder.Port.Should().Be(server.Port);
        builder.Database.Should().Be("postgres");
        builder.Username.Should().Be("postgres");
        builder.Password.Should().BeNull();
        builder.Pooling.Should().BeTrue();
        builder.MaxPoolSize.Should().Be(100);
        builder.IncludeErrorDetail.Should().BeTrue();
    }

    [Fact]
    public async Task DisposeAsync_stops_the_server_and_deletes_its_directory()
    {
        var server = await PostgreSqlTestServer.StartAsync();
        var connectionString = await server.CreateDatabaseAsync();
        await ExecuteAsync(connectionString, "SELECT 1"); // leaves an idle connection in the pool
        var dataDirectory = server.DataDirectory;
        var root = Path.GetDirectoryName(dataDirectory)!;
        Directory.Exists(dataDirectory).Should().BeTrue();

        await server.DisposeAsync();

        Directory.Exists(root).Should().BeFalse();
        var unpooled = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 5 }.ConnectionString;
        var connect = async () => await ExecuteAsync(unpooled, "SELECT 1");
        await connect.Should().ThrowAsync<NpgsqlException>();
        var pooled = async () => await ExecuteAsync(connectionString, "SELECT 1");
        await pooled.Should().ThrowAsync<NpgsqlException>("the pool's idle connection was cleared and a new one cannot connect");

        await server.DisposeAsync(); // a second dispose is harmless
    }

    [Fact]
    public async Task CreateDatabaseAsync_with_a_name_quotes_it_and_refuses_a_duplicate()
    {
        await using var server = await PostgreSqlTestServer.StartAsync();

        var connectionString = await server.CreateDatabaseAsync("odd \"name\"");

        new NpgsqlConnectionStringBuilder(connectionString).Database.Should().Be("odd \"name\"");
        (await QueryAsync(connectionString, "SELECT current_database()")).Should().Be("odd \"name\"");
        var duplicate = async () => await server.CreateDatabaseAsync("odd \"name\"");
        (await duplicate.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.DuplicateDatabase);
    }

    [Fact]
    public void Find_binaries_when_nothing_has_them_fails_saying_how_to_install_them()
    {
        using var empty = new TempDirectory();

        var act = () => PostgreSqlBinaries.Find(binDirectoryOverride: null, debianRoot: Path.Combine(empty.Path, "none"), path: empty.Path);

        act.Should().Throw<InvalidOperationException>().WithMessage(
            "*install the Debian package `postgresql` (`apt-get install -y postgresql`) or set ML2_PG_BIN*");
    }

    [Fact]
    public void Find_binaries_when_ml_2_pg_bin_lacks_them_fails_instead_of_looking_elsewhere()
    {
        using var empty = new TempDirectory();
        using var debian = new TempDirectory();
        FakeBinaries(Path.Combine(debian.Path, "15", "bin"));

        var act = () => PostgreSqlBinaries.Find(binDirectoryOverride: empty.Path, debianRoot: debian.Path, path: null);

        act.Should().Throw<InvalidOperationException>()
            .WithMessage($"ML2_PG_BIN='{empty.Path}'*install the Debian package `postgresql` (`apt-get install -y postgresql`) or set ML2_PG_BIN*");
    }

    [Fact]
    public void Find_binaries_prefers_ml_2_pg_bin_then_the_highest_debian_version_then_path()
    {
        using var debian = new TempDirectory();
        using var custom = new TempDirectory();
        using var onPath = new TempDirectory();
        FakeBinaries(Path.Combine(debian.Path, "9.6", "bin"));
        FakeBinaries(Path.Combine(debian.Path, "16", "bin"));
        FakeBinaries(Path.Combine(debian.Path, "15", "bin"));
        Directory.CreateDirectory(Path.Combine(debian.Path, "17", "bin")); // no binaries: skipped
        FakeBinaries(custom.Path);
        FakeBinaries(onPath.Path);

        PostgreSqlBinaries.Find(custom.Path, debian.Path, onPath.Path).Directory.Should().Be(custom.Path);
        PostgreSqlBinaries.Find(null, debian.Path, onPath.Path).Directory.Should().Be(Path.Combine(debian.Path, "16", "bin"));
        PostgreSqlBinaries.Find(null, Path.Combine(debian.Path, "missing"), "/nonexistent" + Path.PathSeparator + onPath.Path)
            .Should().Be(new PostgreSqlBinaries(onPath.Path, Path.Combine(onPath.Path, "initdb"), Path.Combine(onPath.Path, "pg_ctl")));
    }

    private static void FakeBinaries(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var name in new[] { "initdb", "pg_ctl" })
        {
            var file = Path.Combine(directory, name);
            File.WriteAllText(file, "#!/bin/sh\nexit 1\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> QueryAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("ml2-pg-test-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}

/// <summary>The collection the tests sharing one PostgreSQL server belong to (declared here: xunit only looks in the test assembly).</summary>
[CollectionDefinition(PostgreSqlServerFixture.CollectionName)]
public sealed class PostgreSqlCollection : ICollectionFixture<PostgreSqlServerFixture>;

/// <summary>Two tests sharing the collection's server, each in a database of its own.</summary>
[Collection(PostgreSqlServerFixture.CollectionName)]
public sealed class PostgreSqlServerFixtureTests(PostgreSqlServerFixture postgres)
{
    [Fact]
    public async Task Server_is_running_and_gives_each_test_its_own_database()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync();

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("CREATE TABLE t (v int); INSERT INTO t VALUES (42); SELECT v FROM t", connection);
        (await command.ExecuteScalarAsync()).Should().Be(42);
    }

    [Fact]
    public async Task Server_is_the_same_for_every_test_in_the_collection()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync();

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname LIKE 'ml2\\_%'", connection);
        ((long)(await command.ExecuteScalarAsync())!).Should().BeGreaterThanOrEqualTo(1);
        postgres.Server.Port.Should().BeGreaterThan(0);
    }
}
