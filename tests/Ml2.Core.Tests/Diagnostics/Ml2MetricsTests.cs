using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Ml2.Core.Tests.Infrastructure;
using Ml2.Diagnostics;
using Ml2.Exceptions;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Diagnostics;

/// <summary>The ML2 meter: created through the container's IMeterFactory, versioned, with OpenTelemetry-style names and attributes.</summary>
public sealed class Ml2MetricsTests
{
    [Fact]
    public async Task The_meter_comes_from_the_containers_meter_factory_and_carries_the_package_version()
    {
        await using var host = TestHost.Create();
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        var meters = new ConcurrentBag<Meter>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Scope == factory)
                {
                    meters.Add(instrument.Meter);
                }
            },
        };

        listener.Start();

        var meter = meters.Where(m => m.Name == Ml2Telemetry.MeterName).Distinct().Should().ContainSingle("one meter per container, for all its instruments").Subject;
        meter.Version.Should().MatchRegex(@"^\d+\.\d+\.\d+", "the package version, without the source revision");
        meter.Version.Should().NotContain("+");
    }

    [Fact]
    public async Task Operations_are_counted_and_timed_in_seconds_by_operation_and_failures_carry_the_error_type()
    {
        await using var host = TestHost.Create();
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        var measured = new ConcurrentQueue<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == factory && instrument.Name is "ml2.operations" or "ml2.operation.duration")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) => measured.Enqueue($"{instrument.Name} {instrument.Unit} {Tags(tags)}"));
        var durations = new ConcurrentQueue<double>();
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            durations.Enqueue(value);
            measured.Enqueue($"{instrument.Name} {instrument.Unit} {Tags(tags)}");
        });
        listener.Start();

        await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "n" });
        var missing = async () => await host.Plugin.GetNetworkAsync(TestHost.Admin, Guid.NewGuid().ToString());
        await missing.Should().ThrowAsync<ResourceNotFoundException>();

        measured.Should().Contain(
        [
            "ml2.operations {operation} ml2.operation=create_network",
            "ml2.operation.duration s ml2.operation=create_network",
            "ml2.operations {operation} ml2.operation=get_network error.type=NetworkNotFound",
            "ml2.operation.duration s ml2.operation=get_network error.type=NetworkNotFound",
        ]);
        durations.Should().OnlyContain(d => d >= 0 && d < 60, "seconds, not milliseconds");
    }

    private static string Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var parts = new List<string>();
        foreach (var tag in tags)
        {
            parts.Add($"{tag.Key}={tag.Value}");
        }

        return string.Join(' ', parts);
    }
}
