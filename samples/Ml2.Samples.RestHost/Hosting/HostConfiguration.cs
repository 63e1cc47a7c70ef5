using Microsoft.Extensions.Configuration.Json;
using Ml2.Samples.RestHost.Logging;

namespace Ml2.Samples.RestHost.Hosting;

/// <summary>
/// The command line's say over configuration: <c>--config FILE</c> (or <c>--config=FILE</c>) names the JSON
/// configuration file, which then replaces the sample's own <c>appsettings*.json</c> (environment variables and the
/// command line still override it); <c>--log-format text|json</c> sets <see cref="LogFormat.Key"/>.
/// </summary>
internal static class HostConfiguration
{
    /// <summary>The option naming the configuration file.</summary>
    public const string ConfigOption = "--config";

    private static readonly Dictionary<string, string> s_switches = new(StringComparer.Ordinal)
    {
        ["--log-format"] = LogFormat.Key,
    };

    /// <summary>Applies <c>--config</c> and the option switches to <paramref name="configuration"/>.</summary>
    /// <param name="configuration">The builder's configuration (sources in the web host's default order).</param>
    /// <param name="args">The command line.</param>
    /// <exception cref="ArgumentException"><c>--config</c> has no value.</exception>
    /// <exception cref="FileNotFoundException">The named file does not exist.</exception>
    public static void Apply(ConfigurationManager configuration, string[] args)
    {
        if (ConfigFile(args) is { } file)
        {
            var path = Path.GetFullPath(file);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"{ConfigOption}: the configuration file '{path}' does not exist.", path);
            }

            var sources = configuration.Sources;
            var at = sources.Count;
            for (var i = sources.Count - 1; i >= 0; i--)
            {
                if (sources[i] is JsonConfigurationSource)
                {
                    sources.RemoveAt(i);
                    at = i;
                }
            }

            var source = new JsonConfigurationSource { Path = path, Optional = false, ReloadOnChange = false };
            source.ResolveFileProvider();
            sources.Insert(Math.Min(at, sources.Count), source);
        }

        configuration.AddCommandLine(args, s_switches);
    }

    /// <summary>The value of <c>--config</c>, or null when the command line has none.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>The file name as given.</returns>
    /// <exception cref="ArgumentException"><c>--config</c> is last or followed by another option.</exception>
    public static string? ConfigFile(string[] args)
    {
        string? file = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith(ConfigOption + "=", StringComparison.Ordinal))
            {
                file = args[i][(ConfigOption.Length + 1)..];
            }
            else if (args[i] == ConfigOption)
            {
                file = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                    ? args[++i]
                    : throw new ArgumentException($"{ConfigOption} needs a file name: {ConfigOption} FILE", nameof(args));
            }
        }

        return file is { Length: 0 } ? throw new ArgumentException($"{ConfigOption} needs a file name: {ConfigOption} FILE", nameof(args)) : file;
    }
}
