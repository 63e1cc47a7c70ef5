using System.Diagnostics;

namespace Ml2.Samples.QuickStart;

/// <summary>Announces each long step before it starts and says how long it took, so a slow disk never looks like a hang.</summary>
/// <param name="output">Where the lines go.</param>
/// <param name="steps">How many steps there are.</param>
internal sealed class Progress(TextWriter output, int steps)
{
    private int _step;

    /// <summary>Runs one step: prints <c>[n/N] what...</c>, runs it, prints <c>done in X ms</c>.</summary>
    public async Task<T> StepAsync<T>(string what, Func<Task<T>> step)
    {
        _step++;
        output.WriteLine($"[{_step}/{steps}] {what}...");
        output.Flush();
        var watch = Stopwatch.StartNew();
        var result = await step();
        output.WriteLine($"[{_step}/{steps}] {what}: done in {watch.ElapsedMilliseconds} ms");
        output.Flush();
        return result;
    }

    /// <summary>Runs one step with no result.</summary>
    public Task StepAsync(string what, Func<Task> step) => StepAsync(what, async () =>
    {
        await step();
        return true;
    });
}
