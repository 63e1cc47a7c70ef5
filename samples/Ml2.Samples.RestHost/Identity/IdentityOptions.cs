namespace Ml2.Samples.RestHost.Identity;

/// <summary>Identity settings (section <c>identity</c>): the project of requests that carry no <c>X-Project-Id</c>.</summary>
/// <param name="DefaultProjectId">The project of header-less (admin) requests; <c>admin</c> unless configured.</param>
public sealed record IdentityOptions(string DefaultProjectId)
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "identity";

    /// <summary>Reads the options.</summary>
    /// <param name="section">The <c>identity</c> section.</param>
    /// <returns>The options.</returns>
    public static IdentityOptions From(IConfiguration section) =>
        new(string.IsNullOrWhiteSpace(section["default_project_id"]) ? "admin" : section["default_project_id"]!);
}
