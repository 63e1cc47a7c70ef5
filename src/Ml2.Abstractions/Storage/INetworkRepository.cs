using Ml2.Model;

namespace Ml2.Storage;

/// <summary>The networks table (networks carry their segments).</summary>
public interface INetworkRepository : IResourceRepository<Network>
{
}
