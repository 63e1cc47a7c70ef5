using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Ml2.TestUtilities;

/// <summary>The outcome of a child process run by <see cref="ProcessRunner.RunAsync"/>.</summary>
/// <param name="ExitCode">The process's exit code.</param>
/// <param name="StandardOutput">Everything the process wrote to standard output.</param>
/// <param name="StandardError">Everything the process wrote to standard error.</param>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Whether the process exited with code 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>Exit code, standard output and standard error, formatted for an exception or test message.</summary>
    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"exit code {ExitCode}{Environment.NewLine}--- stdout ---{Environment.NewLine}{StandardOutput.TrimEnd()}{Environment.NewLine}--- stderr ---{Environment.NewLine}{StandardError.TrimEnd()}");
}

/// <summary>
/// Runs a child process to completion and captures its output, for tests that start other programs
/// (a throwaway database server, a process a crash test kills).
/// </summary>
/// <remarks>
/// Arguments are passed through <see cref="ProcessStartInfo.ArgumentList"/>, one element per argument, never as a
/// shell command line, so nothing needs quoting. When the timeout elapses or the token is cancelled the whole
/// process tree is killed. A grandchild that keeps the output pipes open keeps the run going until the timeout;
/// redirect such a grandchild's output elsewhere (as <c>pg_ctl -l</c> does).
/// </remarks>
public static class ProcessRunner
{
    /// <summary>The timeout used when <see cref="RunAsync"/> is given none: 60 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Starts <paramref name="fileName"/>, waits for it to exit and returns its exit code and output.</summary>
    /// <param name="fileName">The program to run: a path, or a name looked up in <c>PATH</c>.</param>
    /// <param name="arguments">The arguments, one element each; passed verbatim, no shell involved.</param>
    /// <param name="workingDirectory">The working directory; <see langword="null"/> keeps the current one.</param>
    /// <param name="environment">
    /// Variables to set in the child's environment (inherited otherwise); a <see langword="null"/> value removes the variable.
    /// </param>
    /// <param name="timeout">How long to wait for exit and for the output streams to close; defaults to <see cref="DefaultTimeout"/>.</param>
    /// <param name="cancellationToken">Cancels the wait; the process tree is killed.</param>
    /// <returns>The exit code with everything written to standard output and standard error.</returns>
    /// <exception cref="TimeoutException">The process did not finish within <paramref name="timeout"/>; it has been killed. The message holds the output captured so far.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the process has been killed.</exception>
    /// <exception cref="System.ComponentModel.Win32Exception">The program could not be started (for example, it does not exist).</exception>
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(arguments);
        var limit = timeout ?? DefaultTimeout;

        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (workingDirectory is not null)
        {
            startInfo.WorkingDirectory = workingDirectory;
        }

        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                if (value is null)
                {
                    startInfo.Environment.Remove(name);
                }
                else
                {
                    startInfo.Environment[name] = value;
                }
            }
        }

        using var process = new Process { StartInfo = startInfo };
        process.Start();
        process.StandardInput.Close(); // the child sees end of input instead of waiting on the test host's stdin

        var stdoutTask = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderrTask = process.StandardError.ReadToEndAsync(CancellationToken.None);

        using var timeoutSource = new CancellationTokenSource(limit);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
            await Task.WhenAll(stdoutTask, stderrTask).WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            var partialOut = await CollectAsync(stdoutTask).ConfigureAwait(false);
            var partialErr = await CollectAsync(stderrTask).ConfigureAwait(false);
            var partial = new ProcessResult(-1, partialOut, partialErr);
            throw new TimeoutException(
                string.Create(CultureInfo.InvariantCulture, $"'{fileName} {string.Join(' ', startInfo.ArgumentList)}' did not finish within {limit.TotalSeconds:0.#} s and was killed.{Environment.NewLine}{partial.Describe()}"));
        }

        return new ProcessResult(process.ExitCode, await stdoutTask.ConfigureAwait(false), await stderrTask.ConfigureAwait(false));
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
    }

    // After a kill, output readers normally finish at once; give them a moment, then report what is there.
    private static async Task<string> CollectAsync(Task<string> reader)
    {
        try
        {
            return await reader.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return "(output unavailable: a grandchild still holds the pipe)";
        }
        catch (IOException ex)
        {
            return $"(output unavailable: {ex.Message})";
        }
    }
}
