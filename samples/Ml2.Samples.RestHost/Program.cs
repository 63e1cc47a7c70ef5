// A Neutron v2.0 (+ Octavia v2 load balancer) compatible REST host over the ML2 SDK, on Kestrel (127.0.0.1:9696 by
// default). Configuration: appsettings.json and environment variables (Neutron's keys; see README "REST host").
//   dotnet run --project samples/Ml2.Samples.RestHost [-- --urls http://127.0.0.1:9797]
using Ml2.Samples.RestHost.Hosting;

var app = await RestHostApplication.CreateAsync(args);
await app.StartAsync();
foreach (var address in RestHostApplication.BoundAddresses(app))
{
    Console.WriteLine($"Neutron/Octavia REST host listening on {address}");
}

await app.WaitForShutdownAsync();
