using Microsoft.Extensions.Options;
using Ml2.Configuration;

namespace Ml2.Core.Tests.TypeDrivers;

/// <summary>
/// Options that must not be read: drivers are constructed while the options validator (which needs the drivers) is
/// still building <see cref="Ml2Options"/>, so reading them in a constructor would recurse.
/// </summary>
internal sealed class ThrowingOptions : IOptions<Ml2Options>
{
    public Ml2Options Value => throw new InvalidOperationException("Options read during construction.");
}
