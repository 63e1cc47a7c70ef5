using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Ml2.Samples.RestHost.Errors;
using Ml2.Samples.RestHost.Identity;
using Ml2.Samples.RestHost.Neutron;
using Ml2.Samples.RestHost.Octavia;

namespace Ml2.Samples.RestHost.Hosting;

/// <summary>Builds the web application: configuration, SDK composition, middleware and endpoints.</summary>
public static class RestHostApplication
{
    /// <summary>The listen URL when neither configuration nor <c>--urls</c> gives one.</summary>
    public const string DefaultUrl = "http://127.0.0.1:9696";

    /// <summary>Builds the application, starts LBaaS with the devices of <c>lbaas:devices</c> (the caller starts Kestrel).</summary>
    /// <param name="args">Command-line arguments (<c>--urls</c>, <c>--key=value</c> configuration overrides).</param>
    /// <param name="configure">Adds or overrides configuration (tests), or null.</param>
    /// <param name="configureServices">Adds services after the SDK's (tests: a mechanism driver of their own), or null.</param>
    /// <returns>The application, not yet started.</returns>
    public static async Task<WebApplication> CreateAsync(
        string[] args, Action<IConfigurationBuilder>? configure = null, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        configure?.Invoke(builder.Configuration);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddRestHostSdk(builder.Configuration);
        builder.Services.AddSingleton(IdentityOptions.From(builder.Configuration.GetSection(IdentityOptions.SectionName)));
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        await app.Services.StartLbaasAsync();   // also on-boards or updates the devices of lbaas:devices

        app.UseMiddleware<ErrorMiddleware>();
        app.MapVersionEndpoints();
        app.MapExtensionEndpoints();
        app.MapNetworkEndpoints();
        app.MapSubnetEndpoints();
        app.MapPortEndpoints();
        app.MapPortBindingEndpoints();
        app.MapOctaviaEndpoints("/v2.0/lbaas");
        app.MapOctaviaEndpoints("/v2/lbaas");
        app.MapFallback(context => throw new HttpStatusException(StatusCodes.Status404NotFound, "HTTPNotFound",
            "The resource could not be found."));
        return app;
    }

    /// <summary>The addresses Kestrel bound (after start), e.g. <c>http://127.0.0.1:41234</c>.</summary>
    /// <param name="app">A started application.</param>
    /// <returns>The addresses.</returns>
    public static IReadOnlyList<string> BoundAddresses(WebApplication app) =>
        [.. app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? []];
}
