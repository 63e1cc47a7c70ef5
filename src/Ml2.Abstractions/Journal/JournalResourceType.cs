namespace Ml2.Journal;

/// <summary>
/// The kind of resource a journal entry is about. The numeric values are stable: a SQL store may keep them as
/// integers (or as the lower-case names <c>network</c>, <c>subnet</c>, <c>port</c>).
/// </summary>
public enum JournalResourceType
{
    /// <summary>A network (<see cref="Model.Network"/>).</summary>
    Network = 0,

    /// <summary>A subnet (<see cref="Model.Subnet"/>).</summary>
    Subnet = 1,

    /// <summary>A port (<see cref="Model.Port"/>).</summary>
    Port = 2,
}
