namespace Ml2.Model;

/// <summary>One level of a (possibly hierarchical) port binding.</summary>
/// <param name="Level">0 for the top level.</param>
/// <param name="DriverName">The mechanism driver that bound this level.</param>
/// <param name="SegmentId">The segment bound at this level.</param>
public sealed record PortBindingLevel(int Level, string DriverName, string SegmentId);
