using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text;
using Npgsql;

namespace Ml2.TestUtilities;

/// <summary>
/// A throwaway PostgreSQL server for tests: a fresh cluster in a temporary directory, listening only on
/// 127.0.0.1 on a free port, with durability switched off. <see cref="DisposeAsync"/> stops it and deletes the directory.
/// </summary>
/// <remarks>
/// <para>
/// The server binaries (<c>initdb</c>, <c>pg_ctl</c>) are taken from the directory named by the environment variable
/// <c>ML2_PG_BIN</c> if it is set, otherwise from the highest version under <c>/usr/lib/postgresql/*/bin</c>
/// (Debian's layout), otherwise from <c>PATH</c>. When none has them, <see cref="StartAsync"/> throws; tests that need
/// a server fail rather than being skipped.
/// </para>
/// <para>
/// PostgreSQL refuses to run as root. When the tests run as root (as CI does), <c>initdb</c> and <c>pg_ctl</c> run as the
/// <c>postgres</c> system user (created by the Debian package) through <c>runuser -u postgres --</c>, and the temporary
/// directory, created under <c>/tmp</c>, is handed to that user with <c>chown -R postgres:postgres</c>.
/// </para>
/// <para>
/// Authentication is <c>trust</c>: connect as <c>postgres</c> without a password. The cluster uses the C locale and
/// UTF-8 encoding, so results do not depend on the machine's locales.
/// </para>
/// </remarks>
public sealed class PostgreSqlTestServer : IAsyncDisposable
{
    /// <summary>The environment variable naming a directory that holds <c>initdb</c> and <c>pg_ctl</c>.</summary>
    public const string BinDirectoryVariable = "ML2_PG_BIN";

    /// <summary>The superuser every connection string uses.</summary>
    public const string Username = "postgres";

    internal const string MissingBinariesAdvice =
        "install the Debian package `postgresql` (`apt-get install -y postgresql`) or set ML2_PG_BIN";

    private const string DebianRoot = "/usr/lib/postgresql";
    private const string SystemUser = "postgres";
    private const int StartAttempts = 3;
    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromSeconds(60);

    private readonly PostgreSqlBinaries _binaries;
    private readonly string _rootDirectory;
    private readonly bool _runAsSystemUser;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _issuedConnectionStrings = [];
    private int _disposed;

    private PostgreSqlTestServer(PostgreSqlBinaries binaries, string rootDirectory, bool runAsSystemUser, int port)
    {
        _binaries = binaries;
        _rootDirectory = rootDirectory;
        _runAsSystemUser = runAsSystemUser;
        Port = port;
    }

    /// <summary>The address the server listens on: always <c>127.0.0.1</c>.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The TCP port the server listens on.</summary>
    public int Port { get; private set; }

    /// <summary>The cluster's data directory (inside a temporary directory that <see cref="DisposeAsync"/> deletes).</summary>
    public string DataDirectory => Path.Combine(_rootDirectory, "data");

    /// <summary>The server's log file, useful when a test needs to know why the server did something.</summary>
    public string LogFilePath => Path.Combine(_rootDirectory, "server.log");

    /// <summary>The directory holding the <c>initdb</c> and <c>pg_ctl</c> this server was started with.</summary>
    public string BinDirectory => _binaries.Directory;

    private string SocketDirectory => Path.Combine(_rootDirectory, "socket");

    /// <summary>
    /// Creates a cluster in a fresh temporary directory and starts a server on it (<c>pg_ctl -w start</c>).
    /// </summary>
    /// <param name="cancellationToken">Cancels the start; whatever was created is removed.</param>
    /// <returns>The running server; dispose it to stop the server and delete its files.</returns>
    /// <exception cref="InvalidOperationException">
    /// The binaries were not found (the message says to install the Debian package <c>postgresql</c> or set
    /// <c>ML2_PG_BIN</c>), the tests run as root and there is no <c>postgres</c> user, or <c>initdb</c> or
    /// <c>pg_ctl</c> failed (the message holds their output and the server log).
    /// </exception>
    public static async Task<PostgreSqlTestServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var binaries = PostgreSqlBinaries.Find(
            Environment.GetEnvironmentVariable(BinDirectoryVariable),
            DebianRoot,
            Environment.GetEnvironmentVariable("PATH"));

        var runAsSystemUser = IsRoot();
        if (runAsSystemUser)
        {
            await EnsureSystemUserExistsAsync(cancellationToken).ConfigureAwait(false);
        }

        // As root the directory goes under /tmp (whatever TMPDIR says) so the postgres user can reach it.
        var root = runAsSystemUser && !OperatingSystem.IsWindows() ? CreateDirectoryUnderTmp() : Directory.CreateTempSubdirectory("ml2-pg-").FullName;

        var server = new PostgreSqlTestServer(binaries, root, runAsSystemUser, port: 0);
        var started = false;
        try
        {
            await server.InitializeClusterAsync(cancellationToken).ConfigureAwait(false);
            await server.StartServerAsync(cancellationToken).ConfigureAwait(false);
            started = true;
            return server;
        }
        finally
        {
            if (!started)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>An Npgsql connection string for <paramref name="database"/> on this server.</summary>
    /// <param name="database">The database to connect to (<c>postgres</c> always exists).</param>
    /// <returns>
    /// Host 127.0.0.1, this server's port, user <c>postgres</c> with no password, <c>Pooling=true</c>,
    /// <c>Maximum Pool Size=100</c>, <c>Include Error Detail=true</c>.
    /// </returns>
    public string ConnectionString(string database)
    {
        ArgumentException.ThrowIfNullOrEmpty(database);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = Host,
            Port = Port,
            Database = database,
            Username = Username,
            Pooling = true,
            MaxPoolSize = 100,
            IncludeErrorDetail = true,
        };
        var connectionString = builder.ConnectionString;
        lock (_gate)
        {
            _issuedConnectionStrings.Add(connectionString);
        }

        return connectionString;
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    /// <param name="name">The database name; <see langword="null"/> picks a unique one (<c>ml2_</c> and a GUID).</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <returns>The connection string for the new database, as <see cref="ConnectionString"/> builds it.</returns>
    /// <exception cref="PostgresException">The database could not be created (for example, the name is taken).</exception>
    public async Task<string> CreateDatabaseAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        name ??= "ml2_" + Guid.NewGuid().ToString("N");
        if (name.Length == 0 || name.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A database name must be non-empty and must not contain NUL.", nameof(name));
        }

        var admin = new NpgsqlConnectionStringBuilder(ConnectionString("postgres")) { Pooling = false }.ConnectionString;
        var connection = new NpgsqlConnection(admin);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                // CREATE DATABASE takes no parameters; the name is a quoted identifier with embedded quotes doubled.
#pragma warning disable CA2100 // the only variable part is a quoted identifier
                command.CommandText = $"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
#pragma warning restore CA2100
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return ConnectionString(name);
    }

    /// <summary>
    /// Stops the server at once (<c>pg_ctl -m immediate stop</c>), clears the Npgsql pools of the connection strings
    /// it handed out, and deletes the temporary directory. Safe to call more than once.
    /// </summary>
    /// <returns>A task that completes when the server is stopped and its files are gone.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        string[] issued;
        lock (_gate)
        {
            issued = [.. _issuedConnectionStrings];
        }

        foreach (var connectionString in issued)
        {
            using var connection = new NpgsqlConnection(connectionString);
            NpgsqlConnection.ClearPool(connection);
        }

        Exception? stopFailure = null;
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            try
            {
                var stop = await RunPostgresToolAsync(
                    _binaries.PgCtl, ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], CancellationToken.None).ConfigureAwait(false);
                if (!stop.Succeeded)
                {
                    stopFailure = new InvalidOperationException(Failure("pg_ctl stop failed", stop));
                }
            }
            catch (TimeoutException ex)
            {
                stopFailure = ex;
            }
        }

        try
        {
            Directory.Delete(_rootDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }

        if (stopFailure is not null)
        {
            throw stopFailure;
        }
    }

    private async Task InitializeClusterAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(SocketDirectory);
        if (_runAsSystemUser)
        {
            var chown = await ProcessRunner.RunAsync(
                "chown", ["-R", $"{SystemUser}:{SystemUser}", _rootDirectory], timeout: s_commandTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!chown.Succeeded)
            {
                throw new InvalidOperationException(Failure($"chown of {_rootDirectory} to {SystemUser} failed", chown));
            }
        }

        var initdb = await RunPostgresToolAsync(
            _binaries.Initdb,
            ["-D", DataDirectory, "-A", "trust", "-U", Username, "--encoding=UTF8", "--locale=C", "--no-sync"],
            cancellationToken).ConfigureAwait(false);
        if (!initdb.Succeeded)
        {
            throw new InvalidOperationException(Failure("initdb failed", initdb));
        }
    }

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var configFile = Path.Combine(DataDirectory, "postgresql.conf");
        var baseConfig = await File.ReadAllTextAsync(configFile, cancellationToken).ConfigureAwait(false);

        // A free port is found by binding port 0 and releasing it; another process may take it before the server
        // binds, so a start that fails is retried on a new port.
        for (var attempt = 1; ; attempt++)
        {
            Port = FindFreePort();
            // Rewriting the existing file keeps its owner (the postgres user when running as root).
            await File.WriteAllTextAsync(configFile, baseConfig + ServerSettings(), cancellationToken).ConfigureAwait(false);

            var start = await RunPostgresToolAsync(
                _binaries.PgCtl, ["-D", DataDirectory, "-l", LogFilePath, "-w", "-t", "60", "start"], cancellationToken).ConfigureAwait(false);
            if (start.Succeeded)
            {
                return;
            }

            var log = ReadLog();
            if (attempt < StartAttempts && log.Contains("could not bind", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            throw new InvalidOperationException(Failure($"pg_ctl start failed (port {Port})", start));
        }
    }

    private string ServerSettings() => string.Create(CultureInfo.InvariantCulture, $"""

        # --- Ml2.TestUtilities.PostgreSqlTestServer ---
        listen_addresses = '127.0.0.1'
        port = {Port}
        unix_socket_directories = '{SocketDirectory.Replace("'", "''", StringComparison.Ordinal)}'
        max_connections = 200
        shared_buffers = 32MB
        fsync = off
        synchronous_commit = off
        full_page_writes = off
        logging_collector = off

        """);

    private Task<ProcessResult> RunPostgresToolAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        // The server's environment must not point it elsewhere.
        var environment = new Dictionary<string, string?> { ["PGDATA"] = null, ["PGPORT"] = null, ["PGHOST"] = null };
        if (!_runAsSystemUser)
        {
            return ProcessRunner.RunAsync(tool, arguments, _rootDirectory, environment, s_commandTimeout, cancellationToken);
        }

        // runuser keeps the environment and the working directory; the temporary directory is one postgres can enter.
        return ProcessRunner.RunAsync("runuser", ["-u", SystemUser, "--", tool, .. arguments], _rootDirectory, environment, s_commandTimeout, cancellationToken);
    }

    private string Failure(string what, ProcessResult result)
    {
        var message = new StringBuilder()
            .Append(what).Append(" (binaries: ").Append(_binaries.Directory).Append(", directory: ").Append(_rootDirectory)
            .Append(_runAsSystemUser ? ", run as user postgres via runuser" : string.Empty).AppendLine(")")
            .AppendLine(result.Describe())
            .AppendLine("--- server log ---")
            .Append(ReadLog());
        return message.ToString();
    }

    private string ReadLog()
    {
        try
        {
            return File.Exists(LogFilePath) ? File.ReadAllText(LogFilePath) : "(no server log)";
        }
        catch (IOException ex)
        {
            return $"(server log unreadable: {ex.Message})";
        }
    }

    private static int FindFreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static bool IsRoot() =>
        (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        && string.Equals(Environment.UserName, "root", StringComparison.Ordinal);

    private static async Task EnsureSystemUserExistsAsync(CancellationToken cancellationToken)
    {
        var id = await ProcessRunner.RunAsync("id", ["-u", SystemUser], timeout: s_commandTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!id.Succeeded)
        {
            throw new InvalidOperationException(
                $"The tests run as root and PostgreSQL refuses to run as root, so initdb and pg_ctl run as the '{SystemUser}' "
                + $"system user, but there is no such user ({id.StandardError.Trim()}). The Debian package creates it: {MissingBinariesAdvice}.");
        }
    }

    [UnsupportedOSPlatform("windows")]
    private static string CreateDirectoryUnderTmp()
    {
        var path = Path.Combine("/tmp", "ml2-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
