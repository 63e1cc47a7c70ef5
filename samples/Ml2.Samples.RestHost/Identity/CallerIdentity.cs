using Ml2.Plugin;

namespace Ml2.Samples.RestHost.Identity;

/// <summary>
/// The caller, as Keystone's auth_token middleware hands it to Neutron: <c>X-Project-Id</c> (or the older
/// <c>X-Tenant-Id</c>) selects the project and <c>X-Roles</c> (comma list) the roles; the caller is admin iff the
/// roles contain <c>admin</c>. A request with no project header (the CLI with <c>--os-auth-type none</c>) is an admin
/// request of the default project. <c>X-Auth-Token</c> is not checked.
/// </summary>
internal static class CallerIdentity
{
    public static CallerContext Of(HttpContext http)
    {
        var project = First(http.Request.Headers["X-Project-Id"]) ?? First(http.Request.Headers["X-Tenant-Id"]);
        if (project is null)
        {
            return CallerContext.Admin(http.RequestServices.GetRequiredService<IdentityOptions>().DefaultProjectId);
        }

        var roles = string.Join(',', http.Request.Headers["X-Roles"].Select(v => v ?? ""))
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return new CallerContext(project, roles.Contains("admin", StringComparer.OrdinalIgnoreCase));
    }

    private static string? First(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Select(v => v?.Trim()).FirstOrDefault(v => !string.IsNullOrEmpty(v));
}
