using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Ml2.Plugin;
using Ml2.TestUtilities;
using Npgsql;

namespace Ml2.Benchmarks.Storage;

/// <summary>
/// create_port throughput of several controller instances (separate processes) sharing one PostgreSQL database, and a
/// check of the result for anomalies. Not a BenchmarkDotNet benchmark: it measures a sustained, concurrent rate.
/// <code>
/// dotnet run -c Release --project benchmarks/Ml2.Benchmarks -- pg-throughput [--seconds 20] [--concurrency 16]
///     [--instances 2] [--warmup 10] [--cidr 10.0.0.0/8] [--durable] [--npgsql "Key=Value;..."]
/// </code>
/// The parent starts a throwaway PostgreSQL server (<see cref="PostgreSqlTestServer"/>: fsync, synchronous_commit and
/// full_page_writes off unless <c>--durable</c> turns them back on), creates a database, one VXLAN network and one IPv4
/// subnet, then starts <c>--instances</c> child processes of itself (<c>pg-worker</c>), each a controller instance with
/// its own connection pool creating ports from <c>--concurrency</c> tasks. The workers warm up, report ready, start
/// together on the parent's signal and run for <c>--seconds</c>. Afterwards the parent reads the database: ports with a
/// duplicate MAC or IP, ports without an address, and a port count or pool-id count different from the sum of the
/// successes the workers reported are anomalies.
/// </summary>
internal static class PgThroughputRunner
{
    public const string ParentCommand = "pg-throughput";
    public const string WorkerCommand = "pg-worker";

    private const string Ready = "READY";
    private const string Go = "GO";
    private const string ResultPrefix = "RESULT ";

    public static async Task<int> RunParentAsync(string[] args)
    {
        var seconds = IntOption(args, "--seconds", 20);
        var concurrency = IntOption(args, "--concurrency", 16);
        var instances = IntOption(args, "--instances", 2);
        var warmup = IntOption(args, "--warmup", 10);
        var cidr = StringOption(args, "--cidr", "10.0.0.0/8");
        var durable = args.Contains("--durable", StringComparer.Ordinal);
        var extra = StringOption(args, "--npgsql", "");

        Console.WriteLine($"pg-throughput: {instances} instances x {concurrency} concurrent create_port, {seconds} s (warm-up {warmup} s), subnet {cidr}, "
            + $"server durability {(durable ? "ON (fsync, synchronous_commit, full_page_writes)" : "OFF (test server defaults: fsync=off, synchronous_commit=off)")}");
        await using var server = await PostgreSqlTestServer.StartAsync();
        var connectionString = await server.CreateDatabaseAsync("ml2_bench");
        if (extra.Length > 0)
        {
            connectionString = new NpgsqlConnectionStringBuilder(connectionString + ";" + extra).ConnectionString;
            Console.WriteLine($"connection string: {connectionString}");
        }
        if (durable)
        {
            await SetDurableAsync(server.ConnectionString("postgres"));
        }

        Console.WriteLine($"server: PostgreSQL {await ScalarAsync(connectionString, "SHOW server_version")} at {server.Host}:{server.Port}, "
            + $"fsync={await ScalarAsync(connectionString, "SHOW fsync")}, synchronous_commit={await ScalarAsync(connectionString, "SHOW synchronous_commit")}");

        string networkId;
        await using (var setup = StorageBenchmarkHost.Create(b => b.UsePostgreSqlStore(connectionString)))
        {
            networkId = await setup.CreateNetworkWithSubnetAsync("pg-throughput", cidr);
        }

        var workers = new List<Worker>();
        try
        {
            for (var i = 0; i < instances; i++)
            {
                workers.Add(Worker.Start(i, connectionString, networkId, seconds, concurrency, warmup));
            }

            foreach (var worker in workers)
            {
                await worker.WaitForAsync(Ready, TimeSpan.FromMinutes(3));
            }

            var serverCpu = ServerCpuSeconds(server.DataDirectory);
            var machineCpu = MachineBusySeconds();
            foreach (var worker in workers)
            {
                await worker.SendAsync(Go);
            }

            var results = new List<WorkerResult>();
            foreach (var worker in workers)
            {
                results.Add(WorkerResult.Parse(await worker.WaitForAsync(ResultPrefix, TimeSpan.FromSeconds(seconds + 120))));
            }

            var serverCpuUsed = CpuBetween(serverCpu, ServerCpuSeconds(server.DataDirectory));
            machineCpu = MachineBusySeconds() - machineCpu;
            foreach (var worker in workers)
            {
                await worker.ExitAsync();
            }

            var measured = Math.Max(1, results.Sum(r => r.Measured));
            Console.WriteLine($"cpu per create_port: server (all postgres processes) {serverCpuUsed * 1e6 / measured:F0} us, clients {results.Sum(r => r.CpuSeconds) * 1e6 / measured:F0} us; "
                + $"machine busy {machineCpu:F1} CPU-s of {Environment.ProcessorCount * results.Max(r => r.Seconds):F1} during the run (includes other work on the machine)");
            return await ReportAsync(connectionString, networkId, results, seconds, concurrency);
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }
    }

    public static async Task<int> RunWorkerAsync(string[] args)
    {
        var instance = IntOption(args, "--instance", 0);
        var connectionString = StringOption(args, "--cs", "");
        var networkId = StringOption(args, "--network", "");
        var seconds = IntOption(args, "--seconds", 20);
        var concurrency = IntOption(args, "--concurrency", 16);
        var warmup = IntOption(args, "--warmup", 10);
        var latencyFile = StringOption(args, "--latencies", "");

        await using var host = StorageBenchmarkHost.Create(b => b.UsePostgreSqlStore(connectionString));
        var request = new PortCreateRequest { NetworkId = networkId };

        // Warm-up: JIT, connection pool, Npgsql auto-prepare. Its ports stay in the database and are counted.
        var warm = await RunLoadAsync(host.Plugin, request, concurrency, TimeSpan.FromSeconds(warmup));
        Console.WriteLine(Ready);
        if (Console.ReadLine() != Go)
        {
            return 2;
        }

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var measured = await RunLoadAsync(host.Plugin, request, concurrency, TimeSpan.FromSeconds(seconds));
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var latencies = measured.Latencies;
        latencies.Sort();
        await File.WriteAllLinesAsync(latencyFile, latencies.Select(l => l.ToString(CultureInfo.InvariantCulture)));
        Console.WriteLine(ResultPrefix + string.Join(
            ' ',
            instance.ToString(CultureInfo.InvariantCulture),
            (warm.Successes + measured.Successes).ToString(CultureInfo.InvariantCulture),
            measured.Successes.ToString(CultureInfo.InvariantCulture),
            (warm.Failures + measured.Failures).ToString(CultureInfo.InvariantCulture),
            measured.Elapsed.TotalSeconds.ToString("R", CultureInfo.InvariantCulture),
            cpu.TotalSeconds.ToString("R", CultureInfo.InvariantCulture),
            latencyFile,
            measured.FirstError is null ? "-" : Uri.EscapeDataString(measured.FirstError)));
        return 0;
    }

    private static async Task<Load> RunLoadAsync(IMl2Plugin plugin, PortCreateRequest request, int concurrency, TimeSpan duration)
    {
        var stopwatch = Stopwatch.StartNew();
        var tasks = new Task<Load>[concurrency];
        for (var t = 0; t < concurrency; t++)
        {
            tasks[t] = Task.Run(async () =>
            {
                var load = new Load();
                while (stopwatch.Elapsed < duration)
                {
                    var start = Stopwatch.GetTimestamp();
                    try
                    {
                        await plugin.CreatePortAsync(StorageBenchmarkHost.Admin, request);
                        load.Successes++;
                        load.Latencies.Add((long)Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                    }
#pragma warning disable CA1031 // a failure is counted and reported, not fatal to the run
                    catch (Exception ex)
#pragma warning restore CA1031
                    {
                        load.Failures++;
                        load.FirstError ??= $"{ex.GetType().Name}: {ex.Message}";
                    }
                }

                return load;
            });
        }

        var loads = await Task.WhenAll(tasks);
        var total = new Load { Elapsed = stopwatch.Elapsed };
        foreach (var load in loads)
        {
            total.Successes += load.Successes;
            total.Failures += load.Failures;
            total.Latencies.AddRange(load.Latencies);
            total.FirstError ??= load.FirstError;
        }

        return total;
    }

    private static async Task<int> ReportAsync(string connectionString, string networkId, List<WorkerResult> results, int seconds, int concurrency)
    {
        var all = new List<long>();
        var rate = 0.0;
        foreach (var result in results.OrderBy(r => r.Instance))
        {
            var latencies = (await File.ReadAllLinesAsync(result.LatencyFile)).Select(l => long.Parse(l, CultureInfo.InvariantCulture)).ToList();
            File.Delete(result.LatencyFile);
            all.AddRange(latencies);
            var instanceRate = result.Measured / result.Seconds;
            rate += instanceRate;
            Console.WriteLine($"instance {result.Instance}: {result.Measured} create_port in {result.Seconds:F2} s = {instanceRate:F0}/s, "
                + $"p50 {Percentile(latencies, 0.50) / 1000.0:F2} ms, p99 {Percentile(latencies, 0.99) / 1000.0:F2} ms, "
                + $"client CPU {result.CpuSeconds * 1e6 / Math.Max(1, result.Measured):F0} us/op, failures {result.Failures}{(result.FirstError is null ? "" : $" (first: {result.FirstError})")}");
        }

        all.Sort();

        // Anomalies, read straight from the database.
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var ports = new List<(string Mac, List<string> Ips)>();
        await using (var command = dataSource.CreateCommand("SELECT body FROM ml2_ports WHERE network_id = @n"))
        {
            command.Parameters.AddWithValue("n", networkId);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                using var body = System.Text.Json.JsonDocument.Parse(reader.GetString(0));
                var mac = body.RootElement.GetProperty("MacAddress").GetString()!;
                var ips = body.RootElement.GetProperty("FixedIps").EnumerateArray().Select(ip => ip.GetProperty("IpAddress").GetString()!).ToList();
                ports.Add((mac, ips));
            }
        }

        var reported = results.Sum(r => r.Created);
        var duplicateMacs = ports.GroupBy(p => p.Mac, StringComparer.Ordinal).Sum(g => g.Count() - 1);
        var duplicateIps = ports.SelectMany(p => p.Ips).GroupBy(ip => ip, StringComparer.Ordinal).Sum(g => g.Count() - 1);
        var withoutIp = ports.Count(p => p.Ips.Count != 1);
        var ipIds = await CountAsync(dataSource, "SELECT COUNT(*) FROM ml2_pool_ids WHERE pool LIKE 'ip:%'");
        var macIds = await CountAsync(dataSource, "SELECT COUNT(*) FROM ml2_pool_ids WHERE pool = 'mac'");
        var countMismatch = Math.Abs(ports.Count - reported);
        var anomalies = duplicateMacs + duplicateIps + withoutIp + countMismatch + Math.Abs(ipIds - ports.Count) + macIds;

        Console.WriteLine($"total: {rate:F0} create_port/s ({results.Count} instances x {concurrency} tasks, {seconds} s), "
            + $"p50 {Percentile(all, 0.50) / 1000.0:F2} ms, p99 {Percentile(all, 0.99) / 1000.0:F2} ms, failures {results.Sum(r => r.Failures)}");
        Console.WriteLine($"check: {ports.Count} ports in the database, {reported} reported created (incl. warm-up); duplicate MACs {duplicateMacs}, "
            + $"duplicate IPs {duplicateIps}, ports without exactly one IP {withoutIp}, count mismatch {countMismatch}, "
            + $"IP pool ids {ipIds}, MAC pool ids {macIds} (MACs unique per network: held by the ports only)");
        Console.WriteLine($"anomalies: {anomalies}");
        return anomalies == 0 ? 0 : 1;
    }

    private static async Task<long> CountAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<string> ScalarAsync(string connectionString, string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand(sql);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Turns the durability the test server switches off back on (all three are reloadable settings).</summary>
    private static async Task SetDurableAsync(string adminConnectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(adminConnectionString);
        foreach (var sql in new[] { "ALTER SYSTEM SET fsync = on", "ALTER SYSTEM SET synchronous_commit = on", "ALTER SYSTEM SET full_page_writes = on", "SELECT pg_reload_conf()" })
        {
            await using var command = dataSource.CreateCommand(sql);
            await command.ExecuteNonQueryAsync();
        }

        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>CPU seconds used so far by each of the server's processes (the postmaster and its children; Linux /proc only).</summary>
    private static Dictionary<string, double> ServerCpuSeconds(string dataDirectory)
    {
        var byPid = new Dictionary<string, double>(StringComparer.Ordinal);
        string postmaster;
        try
        {
            postmaster = File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).First().Trim();
        }
        catch (IOException)
        {
            return byPid;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (TryRead(Path.Combine(dir, "stat")) is not { } stat)
            {
                continue;
            }

            // Fields after the command name (which may hold spaces): state ppid ... utime(14) stime(15).
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var pid = Path.GetFileName(dir);
            if (fields[1] == postmaster || pid == postmaster)
            {
                byPid[pid] = (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;   // USER_HZ
            }
        }

        return byPid;
    }

    /// <summary>CPU used between two snapshots by the processes alive at the end (a process that exited in between is not counted).</summary>
    private static double CpuBetween(Dictionary<string, double> before, Dictionary<string, double> after) =>
        after.Sum(p => p.Value - before.GetValueOrDefault(p.Key));

    /// <summary>Busy CPU seconds of the whole machine so far (/proc/stat; 0 elsewhere).</summary>
    private static double MachineBusySeconds()
    {
        var line = TryRead("/proc/stat")?.Split('\n')[0];
        if (line is null)
        {
            return 0;
        }

        var values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return (values.Sum() - values[3] - values[4]) / 100.0;   // all but idle and iowait
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long Percentile(List<long> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static int IntOption(string[] args, string name, int fallback) =>
        int.Parse(StringOption(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    private static string StringOption(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }

    private sealed class Load
    {
        public long Successes { get; set; }

        public long Failures { get; set; }

        public List<long> Latencies { get; } = [];

        public TimeSpan Elapsed { get; set; }

        public string? FirstError { get; set; }
    }

    private sealed record WorkerResult(int Instance, long Created, long Measured, long Failures, double Seconds, double CpuSeconds, string LatencyFile, string? FirstError)
    {
        public static WorkerResult Parse(string line)
        {
            var parts = line[ResultPrefix.Length..].Split(' ');
            return new WorkerResult(
                int.Parse(parts[0], CultureInfo.InvariantCulture),
                long.Parse(parts[1], CultureInfo.InvariantCulture),
                long.Parse(parts[2], CultureInfo.InvariantCulture),
                long.Parse(parts[3], CultureInfo.InvariantCulture),
                double.Parse(parts[4], CultureInfo.InvariantCulture),
                double.Parse(parts[5], CultureInfo.InvariantCulture),
                parts[6],
                parts[7] == "-" ? null : Uri.UnescapeDataString(parts[7]));
        }
    }

    /// <summary>A child process of this program running <see cref="RunWorkerAsync"/>.</summary>
    private sealed class Worker : IDisposable
    {
        private readonly Process _process;
        private readonly int _instance;

        private Worker(Process process, int instance)
        {
            _process = process;
            _instance = instance;
        }

        public static Worker Start(int instance, string connectionString, string networkId, int seconds, int concurrency, int warmup)
        {
            // Under `dotnet run` the process is the app host; under `dotnet Ml2.Benchmarks.dll` it is dotnet itself.
            var self = Environment.ProcessPath!;
            var info = new ProcessStartInfo(self)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = false,
                UseShellExecute = false,
            };
            if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            {
                info.ArgumentList.Add(typeof(PgThroughputRunner).Assembly.Location);
            }

            var latencies = Path.Combine(Path.GetTempPath(), $"ml2-pg-latencies-{Environment.ProcessId}-{instance}.txt");
            foreach (var arg in new[]
            {
                WorkerCommand, "--instance", instance.ToString(CultureInfo.InvariantCulture), "--cs", connectionString, "--network", networkId,
                "--seconds", seconds.ToString(CultureInfo.InvariantCulture), "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture),
                "--warmup", warmup.ToString(CultureInfo.InvariantCulture), "--latencies", latencies,
            })
            {
                info.ArgumentList.Add(arg);
            }

            return new Worker(Process.Start(info) ?? throw new InvalidOperationException("could not start a worker"), instance);
        }

        /// <summary>Reads the worker's output until a line starting with <paramref name="prefix"/>; echoes other lines.</summary>
        public async Task<string> WaitForAsync(string prefix, TimeSpan timeout)
        {
            using var cancel = new CancellationTokenSource(timeout);
            while (await _process.StandardOutput.ReadLineAsync(cancel.Token) is { } line)
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return line;
                }

                Console.WriteLine($"[worker {_instance}] {line}");
            }

            throw new InvalidOperationException($"worker {_instance} exited (code {(_process.HasExited ? _process.ExitCode : -1)}) before '{prefix}'");
        }

        public async Task SendAsync(string line)
        {
            await _process.StandardInput.WriteLineAsync(line);
            await _process.StandardInput.FlushAsync();
        }

        public async Task ExitAsync()
        {
            await _process.WaitForExitAsync();
            if (_process.ExitCode != 0)
            {
                throw new InvalidOperationException($"worker {_instance} failed with exit code {_process.ExitCode}");
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
        }
    }
}
