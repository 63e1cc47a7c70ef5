using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Ml2.Contexts;
using Ml2.Core.Tests.Infrastructure;
using Ml2.Drivers;
using Ml2.Core.Tests.Plugin.Validation;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Plugin.Errors;

/// <summary>Names refuse control characters (C0 including tab and line breaks, DEL, C1) on every resource, create and update.</summary>
public sealed class ControlCharacterValidationTests
{
    public static TheoryData<string, string, int> Names() => new()
    {
        { "a\0b", "0000", 1 },
        { "tab\there", "0009", 3 },
        { "line\nbreak", "000A", 4 },
        { "\rcr", "000D", 0 },
        { "esc\u001b", "001B", 3 },
        { "del\u007f", "007F", 3 },
        { "c1\u0085", "0085", 2 },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public async Task CreateNetworkAsync_when_name_has_a_control_character_throws_http_bad_request_naming_it_and_store_unchanged(string name, string code, int position)
    {
        await using var host = TestHost.Create();

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = name }));

        ex.ShouldBeNeutron(
            "HTTPBadRequest", ErrorStatus.BadRequest, "name", name,
            $"Invalid input for name. Reason: '{Escaped(name)}' contains the control character U+{code} at position {position}; control characters are not allowed.");
        ex.Message.Should().NotContainAny(["\0", "\t", "\n", "\r", "\u001b", "\u007f", "\u0085"]);
    }

    [Fact]
    public async Task UpdateNetworkAsync_when_name_has_nul_throws_and_store_unchanged()
    {
        await using var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "net" });

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.UpdateNetworkAsync(TestHost.Admin, network.Id, new NetworkUpdateRequest { Name = "x\0" }));

        ex.ShouldName("name", "x\0");
        ex.ErrorType.Should().Be("HTTPBadRequest");
    }

    [Fact]
    public async Task Create_and_update_subnet_async_when_name_has_a_line_break_throw_and_store_unchanged()
    {
        await using var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "net" });
        var subnet = await host.Plugin.CreateSubnetAsync(TestHost.Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/24" });

        var create = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.CreateSubnetAsync(TestHost.Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.1.0/24", Name = "a\nb" }));
        var update = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.UpdateSubnetAsync(TestHost.Admin, subnet.Id, new SubnetUpdateRequest { Name = "a\nb" }));

        create.ShouldName("name", "a\nb");
        update.ShouldName("name", "a\nb");
    }

    [Fact]
    public async Task Create_and_update_port_async_when_name_has_a_tab_throw_and_store_unchanged()
    {
        await using var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "net" });
        var port = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id });

        var create = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, Name = "a\tb" }));
        var update = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.UpdatePortAsync(TestHost.Admin, port.Id, new PortUpdateRequest { Name = "a\tb" }));

        create.ShouldName("name", "a\tb");
        update.ShouldName("name", "a\tb");
    }

    [Fact]
    public async Task CreateNetworkAsync_when_name_has_printable_unicode_is_accepted()
    {
        await using var host = TestHost.Create();

        var network = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "réseau ñ 网络 🚀" });

        network.Name.Should().Be("réseau ñ 网络 🚀");
    }

    [Fact]
    public async Task Create_and_update_when_description_has_a_control_character_throw_on_every_resource_and_store_unchanged()
    {
        await using var host = TestHost.Create(drivers: (builder, _) => builder.AddExtensionDriver<DescriptionDriver>());
        var network = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "net", ExtensionAttributes = Description("ok") });
        var subnet = await host.Plugin.CreateSubnetAsync(TestHost.Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/24" });
        var port = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id });
        var bad = Description("line1\nline2");

        var failures = new List<InvalidInputException>
        {
            await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(async () => await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { ExtensionAttributes = bad })),
            await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(async () => await host.Plugin.UpdateNetworkAsync(TestHost.Admin, network.Id, new NetworkUpdateRequest { ExtensionAttributes = bad })),
            await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(async () => await host.Plugin.CreateSubnetAsync(TestHost.Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.1.0/24", ExtensionAttributes = bad })),
            await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(async () => await host.Plugin.UpdateSubnetAsync(TestHost.Admin, subnet.Id, new SubnetUpdateRequest { ExtensionAttributes = bad })),
            await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(async () => await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, ExtensionAttributes = bad })),
            await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(async () => await host.Plugin.UpdatePortAsync(TestHost.Admin, port.Id, new PortUpdateRequest { ExtensionAttributes = bad })),
        };

        failures.Should().AllSatisfy(ex => ex.ShouldBeNeutron(
            "HTTPBadRequest", ErrorStatus.BadRequest, "description", "line1\nline2",
            "Invalid input for description. Reason: 'line1\\u000aline2' contains the control character U+000A at position 5; control characters are not allowed."));
    }

    [Fact]
    public async Task CreateNetworkAsync_when_description_is_too_long_throws_http_bad_request_in_validate_string_words()
    {
        await using var host = TestHost.Create(drivers: (builder, _) => builder.AddExtensionDriver<DescriptionDriver>());
        var description = new string('d', 256);

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { ExtensionAttributes = Description(description) }));

        ex.ShouldBeNeutron("HTTPBadRequest", ErrorStatus.BadRequest, "description", description, $"Invalid input for description. Reason: '{description}' exceeds maximum length of 255.");
    }

    private static Dictionary<string, JsonElement> Description(string text) => new() { ["description"] = JsonSerializer.SerializeToElement(text) };

    /// <summary>Owns <c>description</c> and accepts anything (the plugin checks it first, as Neutron's API layer does).</summary>
    private sealed class DescriptionDriver : IExtensionDriver
    {
        public string Alias => "description";

        public IReadOnlyCollection<string> AttributeNames { get; } = ["description"];

        public ValueTask<IReadOnlyDictionary<string, JsonElement>> ProcessAsync(ExtensionContext context, IReadOnlyDictionary<string, JsonElement> requested, CancellationToken cancellationToken) =>
            ValueTask.FromResult(requested);
    }

    private static string Escaped(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
