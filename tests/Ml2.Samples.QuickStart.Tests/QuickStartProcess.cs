using System.Diagnostics;

namespace Ml2.Samples.QuickStart.Tests;

/// <summary>Runs the built main job as a user does (<c>dotnet Ml2.Samples.QuickStart.dll ARGS</c>) in a directory of the test's.</summary>
internal static class QuickStartProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Ml2.Samples.QuickStart.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the main job did not finish in 3 minutes:\n{await output}\n{await error}");
        }

        return new Result(process.ExitCode, await output, await error);
    }
}
