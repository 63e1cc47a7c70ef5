using System.Diagnostics;
using Ml2.Contexts;
using Ml2.Core.Tests.Infrastructure;
using Ml2.Diagnostics;
using Ml2.Drivers;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Diagnostics;

/// <summary>The span tree of plugin operations, exported with OpenTelemetry's in-memory exporter.</summary>
public sealed class Ml2TracingTests
{
    private static CallerContext Admin => TestHost.Admin;

    [Fact]
    public async Task CreatePort_traces_the_plugin_call_with_each_drivers_precommit_and_postcommit_and_the_binding_below_it()
    {
        await using var host = TestHost.WithRecorders(out var drivers, "tor", "agent");
        drivers[0].Connectivity = drivers[1].Connectivity = MechanismDriverConnectivity.L2;   // the port has no fixed IP
        drivers[1].Bind = (c, _) =>
        {
            c.SetBinding(c.SegmentsToBind![0].Id, VifTypes.Ovs, null, ResourceStatus.Active);
            return default;
        };
        var network = await host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "n" });
        using var capture = new SpanCapture(Ml2Telemetry.ActivitySourceName);

        var root = capture.StartRoot();
        var port = await host.Plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = network.Id, HostId = "compute-1" });
        var spans = capture.Stop();

        port.Binding.VifType.Should().Be(VifTypes.Ovs);
        var create = spans.Should().ContainSingle(s => s.OperationName == "ml2.create_port").Subject;
        create.ParentSpanId.Should().Be(root.SpanId);
        create.GetTagItem("ml2.operation").Should().Be("create_port");
        create.Status.Should().Be(ActivityStatusCode.Ok);
        var children = spans.Where(s => s.ParentSpanId == create.SpanId).ToList();
        Hooks(children, "ml2.mechanism_driver.precommit", "create_port_precommit").Should().Equal("tor", "agent");
        Hooks(children, "ml2.mechanism_driver.postcommit", "create_port_postcommit").Should().Equal("tor", "agent");
        Hooks(children, "ml2.mechanism_driver.precommit", "update_port_precommit").Should().Equal(["tor", "agent"], "committing the binding runs the update hooks");

        var binding = children.Should().ContainSingle(s => s.OperationName == "ml2.port_binding").Subject;
        binding.GetTagItem("ml2.port.id").Should().Be(port.Id);
        binding.GetTagItem("ml2.binding.host").Should().Be("compute-1");
        binding.GetTagItem("ml2.binding.outcome").Should().Be("bound");
        binding.GetTagItem("ml2.binding.vif_type").Should().Be(VifTypes.Ovs);
        var tries = spans.Where(s => s.ParentSpanId == binding.SpanId && s.OperationName == "ml2.mechanism_driver.bind_port").ToList();
        tries.Select(s => s.GetTagItem("ml2.driver")).Should().Equal("tor", "agent");
        tries.Should().OnlyContain(s => (int)s.GetTagItem("ml2.binding.level")! == 0);
        tries[0].GetTagItem("ml2.segment.id").Should().BeNull("tor declined");
        tries[1].GetTagItem("ml2.segment.id").Should().Be(port.Binding.Levels[0].SegmentId);
    }

    [Fact]
    public async Task A_failing_driver_records_its_exception_on_its_span_and_the_operation_span_fails_with_the_error_type()
    {
        await using var host = TestHost.WithRecorders(out var drivers, "tor", "agent");
        drivers[1].FailOn("create_network_postcommit");
        using var capture = new SpanCapture(Ml2Telemetry.ActivitySourceName);

        capture.StartRoot();
        var create = async () => await host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "n" });
        await create.Should().ThrowAsync<MechanismDriverException>();
        var spans = capture.Stop();

        var failed = spans.Should().ContainSingle(s => s.OperationName == "ml2.mechanism_driver.postcommit" && (string?)s.GetTagItem("ml2.driver") == "agent" && (string?)s.GetTagItem("ml2.hook") == "create_network_postcommit").Subject;
        failed.Status.Should().Be(ActivityStatusCode.Error);
        failed.GetTagItem("error.type").Should().Be("System.InvalidOperationException");
        failed.Events.Should().ContainSingle(e => e.Name == "exception")
            .Which.Tags.Should().Contain(new KeyValuePair<string, object?>("exception.type", "System.InvalidOperationException"));
        spans.Single(s => s.OperationName == "ml2.mechanism_driver.postcommit" && (string?)s.GetTagItem("ml2.driver") == "tor" && (string?)s.GetTagItem("ml2.hook") == "create_network_postcommit").Status.Should().NotBe(ActivityStatusCode.Error);

        var operation = spans.Single(s => s.OperationName == "ml2.create_network");
        operation.Status.Should().Be(ActivityStatusCode.Error);
        operation.GetTagItem("error.type").Should().Be("MechanismDriverError");
        operation.Events.Should().Contain(e => e.Name == "exception");
    }

    [Fact]
    public async Task A_user_error_fails_the_operation_span_with_the_neutron_error_type()
    {
        await using var host = TestHost.Create();
        using var capture = new SpanCapture(Ml2Telemetry.ActivitySourceName);

        capture.StartRoot();
        var get = async () => await host.Plugin.GetNetworkAsync(Admin, Guid.NewGuid().ToString());
        await get.Should().ThrowAsync<ResourceNotFoundException>();
        var spans = capture.Stop();

        var operation = spans.Should().ContainSingle(s => s.OperationName == "ml2.get_network").Subject;
        operation.Status.Should().Be(ActivityStatusCode.Error);
        operation.GetTagItem("error.type").Should().Be("NetworkNotFound");
    }

    [Fact]
    public async Task Each_journal_delivery_is_a_span_with_the_driver_entry_and_outcome_and_a_failed_one_records_its_exception()
    {
        await using var host = Ml2.Core.Tests.Journal.JournalTestHost.Create();
        var a = await host.Host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "a" });
        await host.Host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "b" });
        host.Odl.FailWhen = e => e.ResourceId == a.Id;
        using var capture = new SpanCapture(Ml2Telemetry.ActivitySourceName);

        capture.StartRoot();
        await host.Journal.RunOnceAsync();
        var spans = capture.Stop();

        var deliveries = spans.Where(s => s.OperationName == "ml2.journal.delivery").ToList();
        deliveries.Should().HaveCount(2).And.OnlyContain(s => (string?)s.GetTagItem("ml2.driver") == "odl"
            && (string?)s.GetTagItem("ml2.journal.operation") == "Create" && (string?)s.GetTagItem("ml2.journal.resource_type") == "Network"
            && (int?)s.GetTagItem("ml2.journal.attempt") == 1);
        var failed = deliveries.Should().ContainSingle(s => (string?)s.GetTagItem("ml2.journal.outcome") == "retried").Subject;
        failed.Status.Should().Be(ActivityStatusCode.Error);
        failed.Events.Should().Contain(e => e.Name == "exception");
        deliveries.Should().ContainSingle(s => (string?)s.GetTagItem("ml2.journal.outcome") == "delivered").Which.Status.Should().Be(ActivityStatusCode.Ok);
    }

    private static List<string?> Hooks(List<Activity> spans, string name, string hook) =>
        [.. spans.Where(s => s.OperationName == name && (string?)s.GetTagItem("ml2.hook") == hook).Select(s => (string?)s.GetTagItem("ml2.driver"))];
}
