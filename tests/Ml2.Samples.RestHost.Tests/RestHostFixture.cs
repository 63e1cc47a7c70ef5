using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Ml2.Samples.RestHost.Hosting;

namespace Ml2.Samples.RestHost.Tests;

/// <summary>The REST host in process on real Kestrel, 127.0.0.1 port 0, with the sample appsettings.json and an in-memory store.</summary>
public sealed class RestHostFixture : IAsyncLifetime
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private readonly string[] _args;
    private WebApplication? _app;

    public RestHostFixture()
        : this([])
    {
    }

    /// <summary>A host with extra configuration (keys as in appsettings.json, e.g. <c>store:type</c>).</summary>
    /// <param name="settings">The configuration.</param>
    /// <param name="services">Adds services (a mechanism driver of the test's own), or null.</param>
    /// <param name="args">Command-line arguments besides <c>--urls</c> (e.g. <c>--config FILE</c>), or null.</param>
    internal RestHostFixture(Dictionary<string, string?> settings, Action<IServiceCollection>? services = null, string[]? args = null)
    {
        _services = services;
        _args = ["--urls", "http://127.0.0.1:0", .. args ?? []];
        _settings = new Dictionary<string, string?>
        {
            ["store:type"] = "memory",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }
    }

    public string BaseUrl { get; private set; } = "";

    public HttpClient Client { get; private set; } = new();

    /// <summary>The running host's services (to drive the SDK directly, e.g. run a journal pass).</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The host is not started.");

    public async Task InitializeAsync()
    {
        _app = await RestHostApplication.CreateAsync(
            _args,
            configuration => configuration.AddInMemoryCollection(_settings),
            _services);
        await _app.StartAsync();
        BaseUrl = RestHostApplication.BoundAddresses(_app).Single();
        Client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>Sends a request; <paramref name="project"/> null = no identity headers (admin of the default project).</summary>
    public async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(
        HttpMethod method, string path, object? body = null, string? project = null, string roles = "member")
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Auth-Token", "notused");
        if (project is not null)
        {
            request.Headers.Add("X-Project-Id", project);
            request.Headers.Add("X-Roles", roles);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body is string s ? s : System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    public Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> GetAsync(string path, string? project = null, string roles = "member") =>
        SendAsync(HttpMethod.Get, path, null, project, roles);

    public Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> PostAsync(string path, object body, string? project = null, string roles = "member") =>
        SendAsync(HttpMethod.Post, path, body, project, roles);

    public Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> PutAsync(string path, object body, string? project = null, string roles = "member") =>
        SendAsync(HttpMethod.Put, path, body, project, roles);

    public Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> DeleteAsync(string path, string? project = null, string roles = "member") =>
        SendAsync(HttpMethod.Delete, path, null, project, roles);

    public static MediaTypeHeaderValue? ContentType(HttpResponseMessage response) => response.Content.Headers.ContentType;
}

[CollectionDefinition(Name)]
public sealed class RestHostCollection : ICollectionFixture<RestHostFixture>
{
    public const string Name = "rest host";
}
