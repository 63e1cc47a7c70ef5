namespace Ml2.Plugin;

/// <summary>The three resources ML2 owns.</summary>
public enum ResourceKind
{
    /// <summary>A network.</summary>
    Network,

    /// <summary>A subnet.</summary>
    Subnet,

    /// <summary>A port.</summary>
    Port,
}
