using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Lbaas.Core.Tests.Infrastructure;
using Lbaas.Storage;
using Microsoft.Extensions.DependencyInjection;
using Lbaas.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Ml2.Exceptions;
using Lbaas;

namespace Lbaas.Core.Tests.Devices;

/// <summary>A device change that lost the revision race is recomputed through the SDK's one retry policy: bounded and counted.</summary>
public sealed class DeviceRegistryRetryTests
{
    [Fact]
    public async Task A_lost_device_update_is_recomputed_and_counted_until_it_wins()
    {
        var conflicts = new ConflictCounter();
        await using var host = await LbaasTestHost.CreateAsync(build: b => b.Services.Replace(ServiceDescriptor.Singleton(ConflictingStore.Wrap(new InMemoryDeviceStore(), conflicts))));
        await host.OnboardAsync("dev-1");
        using var retries = new RetryMeasurements(host.Services);
        conflicts.Updates = 0;
        conflicts.Left = 3;

        var drained = await host.Registry.DrainAsync("dev-1");

        drained.Draining.Should().BeTrue();
        conflicts.Updates.Should().Be(4);
        retries.Operations.Should().HaveCount(3).And.OnlyContain(o => o == "lbaas_device_change");
    }

    [Fact]
    public async Task A_device_update_that_keeps_losing_surfaces_the_conflict_after_max_operation_retries()
    {
        var conflicts = new ConflictCounter();
        await using var host = await LbaasTestHost.CreateAsync(build: b => b.Services.Replace(ServiceDescriptor.Singleton(ConflictingStore.Wrap(new InMemoryDeviceStore(), conflicts))));
        await host.OnboardAsync("dev-1");
        conflicts.Updates = 0;
        conflicts.Left = int.MaxValue;

        var drain = async () => await host.Registry.DrainAsync("dev-1");

        await drain.Should().ThrowAsync<ConcurrencyConflictException>();
        conflicts.Updates.Should().Be(11, "MaxOperationRetries defaults to 10: the first attempt and 10 re-runs");
        host.Registry.Find("dev-1")!.Draining.Should().BeFalse();
    }

    public sealed class ConflictCounter
    {
        public int Left { get; set; }

        public int Updates { get; set; }
    }

    /// <summary>The real in-memory device store, except that <c>UpdateDeviceAsync</c> loses the race while conflicts are left.</summary>
    public class ConflictingStore : DispatchProxy
    {
        private IDeviceStore _inner = null!;
        private ConflictCounter _conflicts = null!;

        public static IDeviceStore Wrap(IDeviceStore inner, ConflictCounter conflicts)
        {
            var proxy = Create<IDeviceStore, ConflictingStore>();
            var self = (ConflictingStore)(object)proxy;
            self._inner = inner;
            self._conflicts = conflicts;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod!.Name == nameof(IDeviceStore.UpdateDeviceAsync))
            {
                _conflicts.Updates++;
                if (_conflicts.Left > 0)
                {
                    _conflicts.Left--;
                    var device = (Device)args![0]!;
#pragma warning disable CA2012 // The proxy returns the ValueTask to the caller, who awaits it once.
                    return ValueTask.FromException<Device>(new ConcurrencyConflictException("Device", device.Id, (long)args[1]!, (long)args[1]! + 1));
#pragma warning restore CA2012
                }
            }

            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                ExceptionDispatchInfo.Throw(ex.InnerException);
                throw;
            }
        }
    }

    private sealed class RetryMeasurements : IDisposable
    {
        private readonly MeterListener _listener = new();

        public RetryMeasurements(IServiceProvider services)
        {
            var factory = services.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope == factory && instrument.Meter.Name == LbaasTelemetry.MeterName && instrument.Name == "lbaas.retries")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "ml2.operation")
                    {
                        Operations.Enqueue((string)tag.Value!);
                    }
                }
            });
            _listener.Start();
        }

        public ConcurrentQueue<string> Operations { get; } = new();

        public void Dispose() => _listener.Dispose();
    }
}
