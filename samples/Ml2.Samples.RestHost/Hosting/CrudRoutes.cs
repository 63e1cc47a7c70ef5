namespace Ml2.Samples.RestHost.Hosting;

/// <summary>The five routes of one REST collection, as Neutron and Octavia lay them out.</summary>
internal static class CrudRoutes
{
    /// <summary>Maps list and create on <paramref name="prefix"/>, show, update and delete on <c>{prefix}/{id}</c>.</summary>
    public static RouteGroupBuilder MapCrud(this IEndpointRouteBuilder app, string prefix, Delegate list, Delegate get, Delegate create, Delegate update, Delegate delete)
    {
        var group = app.MapGroup(prefix);
        group.MapGet("", list);
        group.MapGet("/{id}", get);
        group.MapPost("", create);
        group.MapPut("/{id}", update);
        group.MapDelete("/{id}", delete);
        return group;
    }
}
