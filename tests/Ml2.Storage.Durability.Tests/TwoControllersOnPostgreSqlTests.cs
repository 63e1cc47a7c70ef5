using System.Diagnostics;
using Ml2.Plugin;
using Xunit.Abstractions;

namespace Ml2.Storage.Durability.Tests;

/// <summary>
/// Two controller processes (two <c>Ml2.Storage.LoadDriver</c> instances) run 5,000 ML2 operations and
/// <see cref="LoadBalancerOperationsEach"/> load-balancer operations each, concurrently, on one PostgreSQL database;
/// afterwards the database must hold exactly what they acknowledged, with no id shared (segment id, IP, MAC, device
/// claim), every pool's ids in use matching the resources that hold them, and no device over capacity.
/// </summary>
/// <remarks>
/// Both processes on-board the same six devices (4 VIPs, 3 networks each) at start, so each sees the other's claims
/// only through the store: <c>TryClaimAsync</c> (device row locked, capacity re-checked from the stored claims) is
/// what keeps them from overcommitting a device. See <see cref="DatabaseState.FindLoadBalancingProblems"/> for the
/// invariant that holds once both have finished (and why not while deletes race).
/// </remarks>
[Collection(PostgreSqlServerFixture.CollectionName)]
public sealed class TwoControllersOnPostgreSqlTests(PostgreSqlServerFixture postgres, ITestOutputHelper output)
{
    private const int OperationsEach = 5_000;
    private const int Concurrency = 4;
    private const int LoadBalancerOperationsEach = 300;
    private static readonly TimeSpan s_limit = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Two_processes_with_5000_operations_each_leave_no_duplicate_no_orphan_and_exactly_the_acknowledged_resources()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync();
        string shared;
        await using (var host = await StoreHost.StartAsync("postgresql", connectionString))
        {
            var admin = CallerContext.Admin("load");
            var network = await host.Plugin.CreateNetworkAsync(admin, new NetworkCreateRequest { Name = "shared" });
            await host.Plugin.CreateSubnetAsync(admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/16", Name = "shared" });
            shared = network.Id;
        }

        // Both controllers encrypt device passwords with one key ring, as controllers sharing a database must.
        var keyRing = Path.Combine(Path.GetDirectoryName(postgres.Server.DataDirectory)!, "keys-" + Guid.NewGuid().ToString("N"));   // removed with the server
        var clock = Stopwatch.StartNew();
        await using var first = LoadDriverProcess.Start("postgresql", connectionString, OperationsEach, Concurrency, seed: 1, "ctl-a", shared, LoadBalancerOperationsEach, keyRing: keyRing);
        await using var second = LoadDriverProcess.Start("postgresql", connectionString, OperationsEach, Concurrency, seed: 2, "ctl-b", shared, LoadBalancerOperationsEach, keyRing: keyRing);
        var exits = await Task.WhenAll(first.WaitForExitAsync(s_limit), second.WaitForExitAsync(s_limit));
        clock.Stop();

        exits[0].Should().Be(0, first.Describe());
        exits[1].Should().Be(0, second.Describe());
        var done = new[] { first, second }.Select(p => p.Lines[^1]).ToList();
        done.Should().AllSatisfy(line => line.Should().StartWith("DONE "));
        output.WriteLine($"2 x {OperationsEach} operations (concurrency {Concurrency} each) in {clock.Elapsed.TotalSeconds:0.0} s: "
            + $"{2 * OperationsEach / clock.Elapsed.TotalSeconds:0} ops/s (process start-up included); {string.Join(" | ", done)}");

        var log = new OperationLog();
        log.Add(first.Lines, completed: true);
        log.Add(second.Lines, completed: true);
        await using var reader = await StoreHost.StartAsync("postgresql", connectionString);
        var state = await DatabaseState.ReadAsync(reader.Store);
        output.WriteLine($"database: {state}; acknowledged creates {Format(log.Creates)}, deletes {Format(log.Deletes)}");

        log.RepeatedDeletes.Should().BeEmpty("one resource is deleted once: a second delete of it must fail with not found, not succeed again");
        var inconsistencies = state.FindInconsistencies();
        inconsistencies.Should().BeEmpty(DatabaseState.Describe(inconsistencies));
        var mismatches = state.FindMismatches(log, exact: true, preExistingNetworks: [shared]);
        mismatches.Should().BeEmpty(DatabaseState.Describe(mismatches));
        state.Networks.Should().HaveCount(1 + log.Creates.GetValueOrDefault("create_network") - log.Deletes.GetValueOrDefault("delete_network"),
            "networks = the shared one + creates - deletes acknowledged by both processes");
        state.Ports.Where(p => !DatabaseState.IsLoadBalancerPort(p)).Should().HaveCount(log.Creates.GetValueOrDefault("create_port") - log.Deletes.GetValueOrDefault("delete_port"),
            "ports (besides load-balancer ports) = creates - deletes acknowledged by both processes");
        state.Ports.Count(p => p.NetworkId == shared).Should().BeGreaterThan(100, "most ports share one subnet, so the instances compete for its addresses");

        output.WriteLine(Logged(first, second));
        var lbProblems = state.FindLoadBalancingProblems(log);
        lbProblems.Should().BeEmpty(DatabaseState.Describe(lbProblems) + Logged(first, second));
        var portRaces = state.FindDevicePortRaces();
        portRaces.Should().BeEmpty("a device is wired by one instance at a time (its wiring lease): " + DatabaseState.Describe(portRaces) + Logged(first, second));
        state.Devices.Should().HaveCount(6, "both processes on-boarded the same six devices; one on-boarding of each won");
        state.LoadBalancers.Should().HaveCount(log.Creates.GetValueOrDefault("create_lb") - log.Deletes.GetValueOrDefault("delete_lb"),
            "load balancers = creates - deletes acknowledged by both processes");
        state.Claims.Should().HaveCount(state.LoadBalancers.Sum(lb => lb.DeviceIds.Count), "one claim per device of each load balancer, nothing else");
        log.Creates.GetValueOrDefault("create_lb").Should().BeGreaterThan(50, "enough load balancers were placed to contend for the devices");
        output.WriteLine($"devices at the end: {string.Join(", ", state.Devices.OrderBy(d => d.Id, StringComparer.Ordinal).Select(d => $"{d.Id}={state.Claims.Count(c => c.DeviceId == d.Id)}/{d.Capacity.MaxVips}"))}");
    }

    // What the controllers logged at warning level and above (their after-commit clean-up logs failures, never throws).
    private static string Logged(params LoadDriverProcess[] processes) =>
        "\ncontroller logs:\n" + string.Join("\n", processes.SelectMany(p => p.StandardError.Split('\n')).Where(l => l.StartsWith("LOG ", StringComparison.Ordinal)).Take(50));

    private static string Format(Dictionary<string, int> counts) => string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}"));
}
