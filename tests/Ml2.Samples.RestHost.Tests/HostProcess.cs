using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Ml2.Samples.RestHost.Tests;

/// <summary>
/// The built REST host run as an operator runs it: <c>dotnet Ml2.Samples.RestHost.dll ARGS</c> in a process of its own
/// (listening on a free loopback port), its standard output and error kept line by line, stopped with SIGTERM.
/// </summary>
internal sealed partial class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HostProcess(Process process)
    {
        _process = process;
    }

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyCollection<string> Lines => _lines;

    public int Id => _process.Id;

    /// <summary>Starts the host and waits (at most 60 s) for it to say where it listens.</summary>
    public static async Task<HostProcess> StartAsync(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Ml2.Samples.RestHost.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var host = new HostProcess(Process.Start(start)!);
        host._process.OutputDataReceived += (_, e) => host.Add(e.Data);
        host._process.ErrorDataReceived += (_, e) => host.Add(e.Data);
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        var listening = await host.WaitForLineAsync(l => Listening().IsMatch(l), TimeSpan.FromSeconds(60));
        host.BaseUrl = Listening().Match(listening).Groups["url"].Value;
        return host;
    }

    /// <summary>The first output line matching <paramref name="match"/>, waiting for it at most <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            var added = Volatile.Read(ref _added).Task;
            if (_lines.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            if (_process.HasExited && _lines.FirstOrDefault(match) is null)
            {
                _process.WaitForExit();
                throw new InvalidOperationException($"The host exited ({_process.ExitCode}) without that line:\n{string.Join('\n', _lines)}");
            }

            try
            {
                await Task.WhenAny(added, _process.WaitForExitAsync(cancel.Token)).WaitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No such line from the host in {timeout}:\n{string.Join('\n', _lines)}");
            }
        }
    }

    /// <summary>Stops the host as a service manager does (SIGTERM) and waits (at most 60 s) for it to exit.</summary>
    /// <returns>The exit code.</returns>
    public async Task<int> StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        Interlocked.Exchange(ref _added, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    [GeneratedRegex(@"listening on (?<url>http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}
