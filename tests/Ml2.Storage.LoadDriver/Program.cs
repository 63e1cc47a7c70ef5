using Ml2.Storage.LoadDriver;

// One controller instance of the durability tests: see LoadRunner for the operation mix and the output protocol.
if (!LoadOptions.TryParse(args, out var options, out var errors))
{
    foreach (var error in errors)
    {
        await Console.Error.WriteLineAsync("error: " + error);
    }

    await Console.Error.WriteLineAsync(LoadOptions.Usage);
    return 2;
}

var output = TextWriter.Synchronized(new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true });
await using var runner = await LoadRunner.StartAsync(options!, output, Console.Error);
return await runner.RunAsync();
