using Ml2.Core.Tests.Infrastructure;
using Ml2.Core.Tests.Plugin.Validation;
using Ml2.Exceptions;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Plugin.Errors;

/// <summary>Get, update and delete with an empty or blank id: a typed 400 naming <c>id</c>, never "Network  could not be found.".</summary>
public sealed class EmptyIdValidationTests
{
    public static TheoryData<string, Func<IMl2Plugin, string, Task>> Operations() => new()
    {
        { "get_network", (p, id) => p.GetNetworkAsync(TestHost.Admin, id).AsTask() },
        { "update_network", (p, id) => p.UpdateNetworkAsync(TestHost.Admin, id, new NetworkUpdateRequest { Name = "n" }).AsTask() },
        { "delete_network", (p, id) => p.DeleteNetworkAsync(TestHost.Admin, id).AsTask() },
        { "get_subnet", (p, id) => p.GetSubnetAsync(TestHost.Admin, id).AsTask() },
        { "update_subnet", (p, id) => p.UpdateSubnetAsync(TestHost.Admin, id, new SubnetUpdateRequest { Name = "n" }).AsTask() },
        { "delete_subnet", (p, id) => p.DeleteSubnetAsync(TestHost.Admin, id).AsTask() },
        { "get_port", (p, id) => p.GetPortAsync(TestHost.Admin, id).AsTask() },
        { "update_port", (p, id) => p.UpdatePortAsync(TestHost.Admin, id, new PortUpdateRequest { Name = "n" }).AsTask() },
        { "delete_port", (p, id) => p.DeletePortAsync(TestHost.Admin, id).AsTask() },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Operation_when_id_is_empty_throws_invalid_input_naming_id_and_store_unchanged(string operation, Func<IMl2Plugin, string, Task> act)
    {
        await using var host = TestHost.Create();
        await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = operation });

        foreach (var id in new[] { "", "   " })
        {
            var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(() => act(host.Plugin, id));

            ex.ShouldBeNeutron("InvalidInput", ErrorStatus.BadRequest, "id", id, $"Invalid input for operation: '{id}' is not a valid id.");
        }
    }
}
