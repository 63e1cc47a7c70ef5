using Microsoft.Extensions.Configuration;

namespace Ml2.Configuration;

/// <summary>Options of the Geneve type driver (<c>[ml2_type_geneve]</c>).</summary>
public sealed class GeneveTypeOptions : TunnelTypeOptions
{
    /// <summary>The default Geneve encapsulation header size.</summary>
    public const int DefaultMaxHeaderSize = 30;

    /// <summary>
    /// Geneve encapsulation header size in bytes (<c>max_header_size</c>); OVN needs at least 38.
    /// <value>The default value is 30.</value>
    /// </summary>
    [ConfigurationKeyName("max_header_size")]
    public int MaxHeaderSize { get; set; } = DefaultMaxHeaderSize;
}
