using System.Globalization;
using System.Text;
using Ml2.Journal;

namespace Ml2.Storage.LoadDriver;

/// <summary>
/// A journaled mechanism driver (<c>--journal-file</c>): every delivery appends <c>&lt;seq&gt; &lt;resource type&gt;
/// &lt;resource id&gt; &lt;operation&gt;</c> and a newline to the file in one unbuffered write, so a line is in the file
/// before the worker records the entry completed. Delivering an entry again appends it again (idempotent enough:
/// the journal promises at-least-once).
/// </summary>
internal sealed class JournalFileDriver : IJournaledMechanismDriver, IDisposable
{
    public const string DriverName = "journal-file";

    private readonly FileStream _file;
    private readonly Lock _gate = new();

    public JournalFileDriver(string path) =>
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);

    public string Name => DriverName;

    public ValueTask DeliverAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var line = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{entry.Sequence} {entry.ResourceType} {entry.ResourceId} {entry.Operation}\n"));
        lock (_gate)
        {
            _file.Write(line);
        }

        return default;
    }

    public void Dispose() => _file.Dispose();
}
