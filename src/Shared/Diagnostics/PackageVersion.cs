using System.Reflection;

namespace Ml2.Diagnostics;

/// <summary>The version a meter or activity source reports: the assembly's informational version without the source revision.</summary>
internal static class PackageVersion
{
    /// <summary>The package version of the assembly that holds <paramref name="type"/> (e.g. <c>0.4.0</c>), or null.</summary>
    public static string? Of(Type type)
    {
        var version = type.Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (version is null)
        {
            return type.Assembly.GetName().Version?.ToString(3);
        }

        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
