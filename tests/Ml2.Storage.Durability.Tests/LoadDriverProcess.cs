using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Ml2.Storage.Durability.Tests;

/// <summary>
/// One <c>Ml2.Storage.LoadDriver</c> process (<c>dotnet Ml2.Storage.LoadDriver.dll ...</c>) with its standard output
/// read line by line as it arrives, so a test can kill it after a number of acknowledged operations.
/// </summary>
public sealed class LoadDriverProcess : IAsyncDisposable
{
    private const string DriverFile = "Ml2.Storage.LoadDriver.dll";
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly StringBuilder _error = new();
    private readonly Lock _gate = new();
    private readonly Task _stdout;
    private readonly Task _stderr;
    private int _okLines;

    private LoadDriverProcess(Process process, string description)
    {
        _process = process;
        Description = description;
        _stdout = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                lock (_gate)
                {
                    _lines.Add(line);
                }

                if (line.StartsWith("OK ", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref _okLines);
                }
            }
        });
        _stderr = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                lock (_gate)
                {
                    _error.AppendLine(line);
                }
            }
        });
    }

    /// <summary>The driver's path: next to the test assembly (the project reference copies it there with its
    /// runtimeconfig and deps files), else in the driver project's own output directory.</summary>
    public static string DriverPath { get; } = FindDriver();

    /// <summary>The command line, for messages.</summary>
    public string Description { get; }

    /// <summary>How many <c>OK</c> lines have arrived.</summary>
    public int OkLines => Volatile.Read(ref _okLines);

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>The lines read so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Standard error so far.</summary>
    public string StandardError
    {
        get
        {
            lock (_gate)
            {
                return _error.ToString();
            }
        }
    }

    /// <summary>Starts a driver.</summary>
    /// <param name="store"><c>sqlite</c> or <c>postgresql</c>.</param>
    /// <param name="connectionString">The database.</param>
    /// <param name="operations">ML2 operations.</param>
    /// <param name="concurrency">ML2 workers.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="instance">The instance name.</param>
    /// <param name="sharedNetwork">The shared network's id, or null to find or create it.</param>
    /// <param name="loadBalancerOperations">Load-balancer operations (<c>--lbaas</c>), 0 for none.</param>
    /// <param name="journalFile">The journaled driver's file (<c>--journal-file</c>), or null for no journaled driver.</param>
    /// <param name="linger">Keep running after DONE until <see cref="EndInputAsync"/> (<c>--linger</c>).</param>
    public static LoadDriverProcess Start(
        string store, string connectionString, int operations, int concurrency, int seed, string instance, string? sharedNetwork = null,
        int loadBalancerOperations = 0, string? journalFile = null, bool linger = false, string? keyRing = null)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            CreateNoWindow = true,
        };
        string[] arguments =
        [
            DriverPath, "--store", store, "--cs", connectionString,
            "--ops", operations.ToString(CultureInfo.InvariantCulture),
            "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture),
            "--seed", seed.ToString(CultureInfo.InvariantCulture),
            "--instance", instance,
        ];
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (sharedNetwork is not null)
        {
            startInfo.ArgumentList.Add("--shared-network");
            startInfo.ArgumentList.Add(sharedNetwork);
        }

        if (loadBalancerOperations > 0)
        {
            startInfo.ArgumentList.Add("--lbaas");
            startInfo.ArgumentList.Add(loadBalancerOperations.ToString(CultureInfo.InvariantCulture));
        }

        if (keyRing is not null)
        {
            startInfo.ArgumentList.Add("--key-ring");
            startInfo.ArgumentList.Add(keyRing);
        }

        if (journalFile is not null)
        {
            startInfo.ArgumentList.Add("--journal-file");
            startInfo.ArgumentList.Add(journalFile);
        }

        if (linger)
        {
            startInfo.ArgumentList.Add("--linger");
        }

        var process = new Process { StartInfo = startInfo };
        process.Start();
        if (!linger)
        {
            process.StandardInput.Close();
        }

        return new LoadDriverProcess(process, "dotnet " + string.Join(' ', startInfo.ArgumentList));
    }

    /// <summary>Waits until <paramref name="count"/> OK lines arrived; fails if the process exits first or time runs out.</summary>
    public async Task WaitForOkLinesAsync(int count, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (OkLines < count)
        {
            if (_process.HasExited)
            {
                await _stdout.WaitAsync(TimeSpan.FromSeconds(10));
                if (OkLines >= count)
                {
                    return;
                }

                throw new InvalidOperationException($"The load driver exited (code {_process.ExitCode}) after {OkLines} OK lines, before {count}.{Environment.NewLine}{Describe()}");
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"Only {OkLines} of {count} OK lines within {timeout.TotalSeconds:0} s.{Environment.NewLine}{Describe()}");
            }

            await Task.Delay(5);
        }
    }

    /// <summary>Waits until the process printed its <c>DONE</c> line (with <c>--linger</c> it then keeps running).</summary>
    public async Task WaitForDoneAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!Lines.Any(l => l.StartsWith("DONE ", StringComparison.Ordinal)))
        {
            if (_process.HasExited)
            {
                await _stdout.WaitAsync(TimeSpan.FromSeconds(10));
                if (Lines.Any(l => l.StartsWith("DONE ", StringComparison.Ordinal)))
                {
                    return;
                }

                throw new InvalidOperationException($"The load driver exited (code {_process.ExitCode}) before DONE.{Environment.NewLine}{Describe()}");
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"No DONE within {timeout.TotalSeconds:0} s.{Environment.NewLine}{Describe()}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Closes standard input: a <c>--linger</c> process then exits.</summary>
    public Task EndInputAsync()
    {
        _process.StandardInput.Close();
        return Task.CompletedTask;
    }

    /// <summary>Kills the process with SIGKILL (<see cref="Process.Kill()"/> on Unix) and waits for its output to end.</summary>
    public async Task KillHardAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        await Task.WhenAll(_stdout, _stderr).WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Waits for the process to exit on its own; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            _process.Kill();
            throw new TimeoutException($"The load driver did not finish within {timeout.TotalSeconds:0} s and was killed.{Environment.NewLine}{Describe()}");
        }

        await Task.WhenAll(_stdout, _stderr).WaitAsync(TimeSpan.FromSeconds(10));
        return _process.ExitCode;
    }

    /// <summary>Command, exit state, stderr and the last lines of stdout, for assertion messages.</summary>
    public string Describe()
    {
        var lines = Lines;
        var exit = _process.HasExited ? _process.ExitCode.ToString(CultureInfo.InvariantCulture) : "running";
        return $"{Description}{Environment.NewLine}exit: {exit}{Environment.NewLine}--- stderr ---{Environment.NewLine}{StandardError}"
            + $"--- last stdout lines ---{Environment.NewLine}{string.Join(Environment.NewLine, lines.Skip(Math.Max(0, lines.Count - 10)))}";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // never started or already gone
        }

        _process.Dispose();
    }

    private static string FindDriver()
    {
        var here = AppContext.BaseDirectory;
        var local = Path.Combine(here, DriverFile);
        if (File.Exists(local) && File.Exists(Path.ChangeExtension(local, ".runtimeconfig.json")))
        {
            return local;
        }

        // tests/Ml2.Storage.Durability.Tests/bin/<configuration>/<tfm>/ -> tests/Ml2.Storage.LoadDriver/bin/<configuration>/<tfm>/
        var tfm = new DirectoryInfo(here).Name;
        var configuration = new DirectoryInfo(here).Parent!.Name;
        var sibling = Path.GetFullPath(Path.Combine(here, "..", "..", "..", "..", "Ml2.Storage.LoadDriver", "bin", configuration, tfm, DriverFile));
        return File.Exists(sibling)
            ? sibling
            : throw new FileNotFoundException($"The load driver was not found at {local} nor at {sibling}; build tests/Ml2.Storage.LoadDriver.");
    }
}
