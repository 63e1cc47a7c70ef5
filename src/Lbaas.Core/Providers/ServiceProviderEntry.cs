namespace Lbaas.Providers;

/// <summary>One parsed <c>service_provider</c> entry.</summary>
/// <param name="Index">Its position in the list.</param>
/// <param name="Text">The entry as configured.</param>
/// <param name="ServiceType">The service type (first part).</param>
/// <param name="Name">The provider name, lower-cased.</param>
/// <param name="DriverName">The driver name.</param>
/// <param name="IsDefault">Whether the entry ends in <c>:default</c>.</param>
internal sealed record ServiceProviderEntry(int Index, string Text, string ServiceType, string Name, string DriverName, bool IsDefault);
