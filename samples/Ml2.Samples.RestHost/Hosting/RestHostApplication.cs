using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Ml2.Samples.RestHost.Errors;
using Ml2.Samples.RestHost.Identity;
using Ml2.Samples.RestHost.Logging;
using Ml2.Samples.RestHost.Neutron;
using Ml2.Samples.RestHost.Octavia;

namespace Ml2.Samples.RestHost.Hosting;

/// <summary>Builds the web application: configuration, SDK composition, middleware and endpoints.</summary>
public static class RestHostApplication
{
    /// <summary>The listen URL when neither configuration nor <c>--urls</c> gives one.</summary>
    public const string DefaultUrl = "http://127.0.0.1:9696";

    /// <summary>Where the OpenAPI document of the host's endpoints is served: <c>/openapi/v1.json</c>.</summary>
    public const string OpenApiPath = "/openapi/{documentName}.json";

    /// <summary>Builds the application, starts LBaaS with the devices of <c>lbaas:devices</c> (the caller starts Kestrel).</summary>
    /// <param name="args">Command-line arguments (<c>--urls</c>, <c>--config FILE</c>, <c>--log-format text|json</c>,
    /// <c>--key=value</c> configuration overrides).</param>
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
        HostConfiguration.Apply(builder.Configuration, args);
        configure?.Invoke(builder.Configuration);
        LogFormat.Configure(builder.Logging, builder.Configuration);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // The access log replaces ASP.NET Core's request logging, whose scope would carry a second, Kestrel-made
        // "RequestId" beside the X-Openstack-Request-Id one.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.Services.AddRestHostSdk(builder.Configuration);
        builder.Services.AddSingleton(IdentityOptions.From(builder.Configuration.GetSection(IdentityOptions.SectionName)));
        builder.Services.AddOpenApi();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        await app.Services.StartMl2Async();
        await app.Services.StartLbaasAsync();   // also on-boards or updates the devices of lbaas:devices

        if (app.Services.GetService<SqliteShutdownCheckpoint>() is { } checkpoint)
        {
            app.Lifetime.ApplicationStopped.Register(checkpoint.Run);
        }

        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<ErrorMiddleware>();
        app.MapOpenApi(OpenApiPath);
        app.MapVersionEndpoints();
        app.MapExtensionEndpoints();
        app.MapNetworkEndpoints();
        app.MapSubnetEndpoints();
        app.MapPortEndpoints();
        app.MapPortBindingEndpoints();
        app.MapSegmentEndpoints();
        app.MapOctaviaEndpoints("/v2.0/lbaas");
        app.MapOctaviaEndpoints("/v2/lbaas");
        app.MapHealthEndpoints();
        app.MapFallback("{**path}", context => throw new HttpStatusException(StatusCodes.Status501NotImplemented, "HTTPNotImplemented",
            $"{context.Request.Method} {context.Request.Path} is not implemented by this server."));
        return app;
    }

    /// <summary>The addresses Kestrel bound (after start), e.g. <c>http://127.0.0.1:41234</c>.</summary>
    /// <param name="app">A started application.</param>
    /// <returns>The addresses.</returns>
    public static IReadOnlyList<string> BoundAddresses(WebApplication app) =>
        [.. app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? []];
}
