// A Neutron v2.0 (+ Octavia v2 load balancer) compatible REST host over the ML2 SDK, on Kestrel (127.0.0.1:9696 by
// default). Configuration: appsettings.json (or the file named by --config FILE), environment variables and the command
// line (Neutron's keys; see docs/operator-guide.md "The REST host").
//   dotnet run --project samples/Ml2.Samples.RestHost [-- --urls http://127.0.0.1:9797] [--config FILE] [--log-format json]
using Ml2.Samples.RestHost.Hosting;

WebApplication created;
try
{
    created = await RestHostApplication.CreateAsync(args);
}
catch (FileNotFoundException error)
{
    // A command-line mistake (--config naming no file): say so, no stack trace, exit 2.
    Console.Error.WriteLine($"Ml2.Samples.RestHost: {error.Message}");
    return 2;
}
catch (ArgumentException error) when (error.ParamName == "args")
{
    Console.Error.WriteLine($"Ml2.Samples.RestHost: {error.Message}");
    return 2;
}

// Disposed on a clean stop (SIGTERM, Ctrl+C): the store closes its connections (the SQLite WAL was checkpointed).
await using var app = created;
await app.StartAsync();
foreach (var address in RestHostApplication.BoundAddresses(app))
{
    Console.WriteLine($"Neutron/Octavia REST host listening on {address}");
}

await app.WaitForShutdownAsync();
return 0;
