namespace Ml2.Plugin;

/// <summary>
/// Who is calling: the project (tenant) and whether the caller is an administrator. Non-admins see and change only
/// their own project's resources (plus shared networks, which they may read and attach ports to); provider
/// attributes, binding attributes and other projects' resources are admin-only.
/// </summary>
/// <param name="TenantId">The caller's project.</param>
/// <param name="IsAdmin">Whether the caller has the admin role.</param>
public sealed record CallerContext(string TenantId, bool IsAdmin)
{
    /// <summary>An administrator acting in <paramref name="tenantId"/>.</summary>
    /// <param name="tenantId">The project; defaults to <c>admin</c>.</param>
    /// <returns>The context.</returns>
    public static CallerContext Admin(string tenantId = "admin") => new(tenantId, true);

    /// <summary>An ordinary member of <paramref name="tenantId"/>.</summary>
    /// <param name="tenantId">The project.</param>
    /// <returns>The context.</returns>
    public static CallerContext Tenant(string tenantId) => new(tenantId, false);
}
