using System.Text.Json.Nodes;
using Lbaas.Providers;
using Lbaas.Service;
using Ml2.Samples.RestHost.Errors;
using Ml2.Samples.RestHost.Identity;
using Ml2.Samples.RestHost.Json;
using Ml2.Samples.RestHost.Neutron;

namespace Ml2.Samples.RestHost.Octavia;

/// <summary>
/// Octavia v2 providers, flavors and flavor profiles, read-only: they come from configuration (<c>lbaas:providers</c>,
/// <c>lbaas:flavors</c>). A configured flavor is Octavia's flavor and its flavor profile at once, so each flavor has a
/// profile of the same id. Flavor profiles are admin-only, as in Octavia.
/// </summary>
internal static class ProviderEndpoints
{
    public static void MapProviderEndpoints(this IEndpointRouteBuilder app, string prefix)
    {
        app.MapGet($"{prefix}/providers", (HttpContext http, ILoadBalancerService lbaas) =>
            ListQuery.ParseHostSide(http.Request).Respond("providers", "Provider", lbaas.ListProviders().Select(Provider)));

        app.MapGet($"{prefix}/flavors", (HttpContext http, ILoadBalancerService lbaas) =>
            ListQuery.ParseHostSide(http.Request).Respond("flavors", "Flavor", lbaas.ListFlavors().Select(Flavor)));
        app.MapGet($"{prefix}/flavors/{{id}}", (HttpContext http, ILoadBalancerService lbaas, string id) =>
            Reply.Wrapped("flavor", ListQuery.Parse(http.Request).Project(Flavor(Find(lbaas, id, "Flavor")))));

        app.MapGet($"{prefix}/flavorprofiles", (HttpContext http, ILoadBalancerService lbaas) =>
        {
            RequireAdmin(http);
            return ListQuery.ParseHostSide(http.Request).Respond("flavorprofiles", "Flavor profile", lbaas.ListFlavors().Select(Profile));
        });
        app.MapGet($"{prefix}/flavorprofiles/{{id}}", (HttpContext http, ILoadBalancerService lbaas, string id) =>
        {
            RequireAdmin(http);
            return Reply.Wrapped("flavorprofile", ListQuery.Parse(http.Request).Project(Profile(Find(lbaas, id, "Flavor profile"))));
        });
    }

    private static JsonObject Provider(LoadBalancerProvider provider) => new()
    {
        ["name"] = provider.Name,
        ["description"] = provider.IsDefault ? $"{provider.DriverName} driver (default)" : $"{provider.DriverName} driver",
    };

    private static JsonObject Flavor(LoadBalancerFlavor flavor) => new()
    {
        ["id"] = flavor.Id,
        ["name"] = flavor.Name,
        ["description"] = flavor.Description,
        ["enabled"] = flavor.Enabled,
        ["flavor_profile_id"] = flavor.Id,
    };

    private static JsonObject Profile(LoadBalancerFlavor flavor) => new()
    {
        ["id"] = flavor.Id,
        ["name"] = flavor.Name,
        ["provider_name"] = flavor.Provider,
        ["flavor_data"] = NeutronJson.Map(flavor.Metadata).ToJsonString(),
    };

    private static LoadBalancerFlavor Find(ILoadBalancerService lbaas, string id, string resource) =>
        lbaas.ListFlavors().FirstOrDefault(f => f.Id == id)
        ?? throw new HttpStatusException(StatusCodes.Status404NotFound, "NotFound", $"{resource} {id} not found.");

    private static void RequireAdmin(HttpContext http)
    {
        if (!CallerIdentity.Of(http).IsAdmin)
        {
            throw new HttpStatusException(StatusCodes.Status403Forbidden, "Forbidden", "Policy does not allow this request to be performed.");
        }
    }
}
