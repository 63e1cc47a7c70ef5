using System.Text.Json;
using Ml2.Plugin;
using Ml2.Storage;

namespace Ml2.Contexts;

/// <summary>What an extension driver sees when a resource is created or updated with its attributes.</summary>
public abstract class ExtensionContext
{
    /// <summary>The kind of resource.</summary>
    public abstract ResourceKind Kind { get; }

    /// <summary>True for create, false for update.</summary>
    public abstract bool IsCreate { get; }

    /// <summary>The resource id.</summary>
    public abstract string ResourceId { get; }

    /// <summary>The attributes this driver owns, as stored before the change (empty on create).</summary>
    public abstract IReadOnlyDictionary<string, JsonElement> CurrentAttributes { get; }

    /// <summary>The open store transaction.</summary>
    public abstract IMl2Transaction Transaction { get; }

    /// <summary>Who made the request.</summary>
    public abstract CallerContext Caller { get; }
}
