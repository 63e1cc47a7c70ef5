using System.Globalization;

namespace Ml2.Storage.LoadDriver;

/// <summary>The command line of the load driver, validated.</summary>
internal sealed record LoadOptions(
    string Store,
    string ConnectionString,
    int Operations,
    int Concurrency,
    int Seed,
    string Instance,
    string? SharedNetworkId,
    int LoadBalancerOperations = 0,
    string? JournalFile = null,
    bool Linger = false,
    string? KeyRing = null)
{
    public const string Usage =
        "usage: Ml2.Storage.LoadDriver --store sqlite|postgresql --cs <connection string> --ops <N> --concurrency <C> "
        + "--seed <S> --instance <NAME> [--shared-network <network id>] [--lbaas <N>] [--key-ring <dir>] [--journal-file <path>] [--linger]";

    /// <summary>Parses the arguments; every problem is reported at once.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="options">The options when valid.</param>
    /// <param name="errors">The problems, one per line.</param>
    /// <returns>Whether the arguments are valid.</returns>
    public static bool TryParse(string[] args, out LoadOptions? options, out List<string> errors)
    {
        errors = [];
        options = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string[] known = ["--store", "--cs", "--ops", "--concurrency", "--seed", "--instance", "--shared-network", "--lbaas", "--key-ring", "--journal-file"];
        var linger = false;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--linger")
            {
                linger = true;
                continue;
            }

            if (!known.Contains(name, StringComparer.Ordinal))
            {
                errors.Add($"unknown argument '{name}'");
                continue;
            }

            if (i + 1 >= args.Length)
            {
                errors.Add($"{name} needs a value");
                break;
            }

            if (!values.TryAdd(name, args[++i]))
            {
                errors.Add($"{name} is given more than once");
            }
        }

        var store = Required(values, "--store", errors);
        if (store is not null && store is not ("sqlite" or "postgresql"))
        {
            errors.Add($"--store must be 'sqlite' or 'postgresql', not '{store}'");
        }

        var connectionString = Required(values, "--cs", errors);
        var operations = Number(values, "--ops", min: 0, max: 10_000_000, errors);
        var concurrency = Number(values, "--concurrency", min: 1, max: 256, errors);
        var seed = Number(values, "--seed", min: int.MinValue, max: int.MaxValue, errors);
        var instance = Required(values, "--instance", errors);
        if (instance is not null && (instance.Length == 0 || instance.Any(char.IsWhiteSpace)))
        {
            errors.Add($"--instance must be a non-empty name without spaces, not '{instance}'");
        }

        values.TryGetValue("--shared-network", out var shared);
        if (shared is not null && string.IsNullOrWhiteSpace(shared))
        {
            errors.Add("--shared-network must be a network id");
        }

        var loadBalancers = values.ContainsKey("--lbaas") ? Number(values, "--lbaas", min: 0, max: 1_000_000, errors) : 0;
        values.TryGetValue("--journal-file", out var journalFile);
        if (journalFile is not null && string.IsNullOrWhiteSpace(journalFile))
        {
            errors.Add("--journal-file must be a path");
        }

        values.TryGetValue("--key-ring", out var keyRing);
        if (keyRing is not null && string.IsNullOrWhiteSpace(keyRing))
        {
            errors.Add("--key-ring must be a directory");
        }

        if (errors.Count > 0)
        {
            return false;
        }

        options = new LoadOptions(store!, connectionString!, operations, concurrency, seed, instance!, shared, loadBalancers, journalFile, linger, keyRing);
        return true;
    }

    private static string? Required(Dictionary<string, string> values, string name, List<string> errors)
    {
        if (values.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value))
        {
            return value;
        }

        errors.Add($"{name} is required");
        return null;
    }

    private static int Number(Dictionary<string, string> values, string name, int min, int max, List<string> errors)
    {
        if (Required(values, name, errors) is not { } text)
        {
            return 0;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            errors.Add($"{name} must be an integer from {min} to {max}, not '{text}'");
        }

        return value;
    }
}
