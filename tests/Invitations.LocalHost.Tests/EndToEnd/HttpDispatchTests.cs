using System.Net;
using System.Text.Json;
using Invitations.LocalHost.Tests.Support;
using Invitations.TestSupport;

namespace Invitations.LocalHost.Tests.EndToEnd;

/// <summary>HTTP triggers of the test function app, through Kestrel on a free loopback port.</summary>
[Collection(AzuriteTests.Name)]
public sealed class HttpDispatchTests(AzuriteFixture azurite) : IAsyncLifetime, IDisposable
{
    private LocalFunctionsHost _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await TestApp.StartAsync(TestApp.Options(azurite, TestApp.NewQueueName()));
        _client = new HttpClient { BaseAddress = _host.BaseAddress };
    }

    public void Dispose() => _client.Dispose();

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Listens_on_loopback_under_the_route_prefix()
    {
        Assert.Equal("127.0.0.1", _host.BaseAddress.Host);
        Assert.Equal("/api/", _host.BaseAddress.AbsolutePath);
    }

    [Fact]
    public async Task Binds_route_values_query_and_function_context_and_executes_an_object_result()
    {
        var id = Guid.NewGuid();

        using var response = await _client.GetAsync(new Uri($"items/{id}?q=find", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(id, body.RootElement.GetProperty("id").GetGuid());
        Assert.Equal("GetItem", body.RootElement.GetProperty("function").GetString());
        Assert.Equal("find", body.RootElement.GetProperty("query").GetString());
        Assert.True(body.RootElement.GetProperty("sameRequest").GetBoolean(), "FunctionContext.GetHttpContext() is the request's context");
    }

    [Fact]
    public async Task Route_constraints_apply_as_in_the_host()
    {
        using var response = await _client.GetAsync(new Uri("items/not-a-guid", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Only_the_binding_methods_reach_the_function()
    {
        var id = Guid.NewGuid();

        using var post = await _client.PostAsync(new Uri($"items/{id}/delete", UriKind.Relative), content: null);
        using var get = await _client.GetAsync(new Uri($"items/{id}/delete", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, post.StatusCode);
        Assert.NotEqual(HttpStatusCode.NoContent, get.StatusCode);
        Assert.False(get.IsSuccessStatusCode);
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        using var response = await _client.GetAsync(new Uri("no/such/route", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("urn:invitations:problem:not-found", body.RootElement.GetProperty("type").GetString());
        Assert.Equal((404, "/api/no/such/route"), (body.RootElement.GetProperty("status").GetInt32(), body.RootElement.GetProperty("instance").GetString()));
    }

    [Fact]
    public async Task A_method_the_route_does_not_take_is_a_405_problem_with_allow()
    {
        using var response = await _client.GetAsync(new Uri($"items/{Guid.NewGuid()}/delete", UriKind.Relative));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("POST", response.Content.Headers.Allow);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("urn:invitations:problem:method-not-allowed", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(405, body.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task An_unhandled_exception_is_a_500_problem_that_leaks_nothing()
    {
        using var response = await _client.GetAsync(new Uri("explode", UriKind.Relative));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret-detail", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(text);
        Assert.Equal("urn:invitations:problem:internal-error", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(500, body.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Each_invocation_logs_one_line_with_function_trigger_outcome_status_and_duration()
    {
        using (await _client.GetAsync(new Uri($"items/{Guid.NewGuid()}", UriKind.Relative)))
        using (await _client.GetAsync(new Uri("explode", UriKind.Relative)))
        {
        }

        await Eventually.TrueAsync(() => _host.InvocationLines().Count >= 2, TimeSpan.FromSeconds(5), "two invocation lines");
        await Task.Delay(100);
        var lines = _host.InvocationLines();
        Assert.Equal(2, lines.Count);
        Assert.Matches(@"^Executed GetItem \[httpTrigger\] Succeeded 200 in \d+ ms$", lines[0]);
        Assert.Matches(@"^Executed Explode \[httpTrigger\] Failed 500 in \d+ ms$", lines[1]);
    }
}
