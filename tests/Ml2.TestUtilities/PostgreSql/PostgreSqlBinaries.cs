using System.Globalization;

namespace Ml2.TestUtilities;

/// <summary>Where <c>initdb</c> and <c>pg_ctl</c> are: the search behind <see cref="PostgreSqlTestServer.StartAsync"/>.</summary>
internal sealed record PostgreSqlBinaries(string Directory, string Initdb, string PgCtl)
{
    /// <summary>
    /// Looks in <paramref name="binDirectoryOverride"/> (the value of <c>ML2_PG_BIN</c>) if set, else in the highest
    /// numeric version under <paramref name="debianRoot"/> (<c>/usr/lib/postgresql/&lt;version&gt;/bin</c>), else in
    /// each directory of <paramref name="path"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Not found; the message says how to install them.</exception>
    public static PostgreSqlBinaries Find(string? binDirectoryOverride, string debianRoot, string? path)
    {
        if (!string.IsNullOrWhiteSpace(binDirectoryOverride))
        {
            return TryIn(binDirectoryOverride)
                ?? throw new InvalidOperationException(
                    $"{PostgreSqlTestServer.BinDirectoryVariable}='{binDirectoryOverride}' does not contain executable initdb and pg_ctl: "
                    + $"{PostgreSqlTestServer.MissingBinariesAdvice} to a directory that holds them.");
        }

        if (System.IO.Directory.Exists(debianRoot))
        {
            var versions = System.IO.Directory.EnumerateDirectories(debianRoot)
                .Select(dir => (dir, version: ParseVersion(Path.GetFileName(dir))))
                .Where(candidate => candidate.version is not null)
                .OrderByDescending(candidate => candidate.version);
            foreach (var (dir, _) in versions)
            {
                if (TryIn(Path.Combine(dir, "bin")) is { } found)
                {
                    return found;
                }
            }
        }

        foreach (var dir in (path ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (TryIn(dir) is { } found)
            {
                return found;
            }
        }

        throw new InvalidOperationException(
            $"PostgreSQL server binaries (initdb, pg_ctl) were not found in {PostgreSqlTestServer.BinDirectoryVariable}, "
            + $"{debianRoot}/<version>/bin or PATH: {PostgreSqlTestServer.MissingBinariesAdvice}.");
    }

    private static PostgreSqlBinaries? TryIn(string directory)
    {
        var initdb = Path.Combine(directory, "initdb");
        var pgCtl = Path.Combine(directory, "pg_ctl");
        return IsExecutable(initdb) && IsExecutable(pgCtl) ? new PostgreSqlBinaries(Path.GetFullPath(directory), Path.GetFullPath(initdb), Path.GetFullPath(pgCtl)) : null;
    }

    private static bool IsExecutable(string file)
    {
        if (!File.Exists(file))
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(file) & anyExecute) != 0;
    }

    // Debian names the directories by major version ("15", "16"); older ones were "9.6".
    private static Version? ParseVersion(string name) =>
        Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var version)
        && int.TryParse(name.Split('.')[0], NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? version
            : null;
}
