namespace Microsoft.Extensions.DependencyInjection;

internal sealed class LbaasBuilder(IServiceCollection services) : ILbaasBuilder
{
    public IServiceCollection Services { get; } = services;
}
