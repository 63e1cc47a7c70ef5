namespace Ml2.Samples.QuickStart;

/// <summary>
/// The main job's command line: <c>--db PATH</c>, <c>--fresh</c>, <c>--help</c>. Parsed before anything else runs, so
/// <c>--help</c> and a mistyped option never open (or change) a database.
/// </summary>
/// <param name="DatabasePath">The SQLite file (default <c>ml2-quickstart.db</c> in the working directory).</param>
/// <param name="Fresh">Whether to delete the file first.</param>
/// <param name="Help">Whether to print the usage and stop.</param>
internal sealed record CommandLine(string DatabasePath, bool Fresh, bool Help)
{
    /// <summary>The exit code of a command-line error (as getopt-style tools use).</summary>
    public const int UsageExitCode = 2;

    public const string Usage = """
        Usage: Ml2.Samples.QuickStart [--db PATH] [--fresh] [--help]

        Composes the ML2 SDK on a SQLite file, builds a small cloud (networks, subnets, bound ports, load balancers on
        ADC appliances) and prints it. Run it again and it continues from the saved state.

        Options:
          --db PATH   the SQLite database file (default: ml2-quickstart.db in the working directory)
          --fresh     delete the database file (and its -wal/-shm) first, and start over
          -h, --help  print this help and exit
        """;

    /// <summary>Parses <paramref name="args"/>.</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ArgumentException">An unknown option, a stray argument or <c>--db</c> without a path; the message says which.</exception>
    public static CommandLine Parse(string[] args)
    {
        string? database = null;
        var fresh = false;
        var help = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-h" or "--help":
                    help = true;
                    break;
                case "--fresh":
                    fresh = true;
                    break;
                case "--db":
                    database = i + 1 < args.Length && args[i + 1].Length > 0 && !args[i + 1].StartsWith('-')
                        ? args[++i]
                        : throw new ArgumentException("option '--db' needs a path: --db PATH");
                    break;
                case var other when other.StartsWith("--db=", StringComparison.Ordinal) && other.Length > 5:
                    database = other[5..];
                    break;
                case var other when other.StartsWith('-'):
                    throw new ArgumentException($"unknown option '{other}'");
                default:
                    throw new ArgumentException($"unexpected argument '{args[i]}'");
            }
        }

        return new CommandLine(Path.GetFullPath(database ?? "ml2-quickstart.db"), fresh, help);
    }
}
