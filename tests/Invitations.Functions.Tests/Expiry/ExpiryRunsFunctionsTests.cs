using System.Text;
using System.Text.Json;
using Invitations.Expiry;
using Invitations.Hosting.Http;
using Invitations.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Moq;

namespace Invitations.Tests.Expiry;

[Collection(AzuriteTests.Name)]
public sealed class ExpiryRunsFunctionsTests(AzuriteFixture azurite)
{
    private static HttpRequest Request(string method = "GET", string? query = null, string? body = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = "/api/ops/expiry-runs";
        if (query is not null)
        {
            context.Request.QueryString = new QueryString(query);
        }

        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = "application/json";
        }

        return context.Request;
    }

    private static (ExpiryRunsFunctions Functions, ExpiryTestContext Context) Create(AzuriteFixture azurite, IActionResult? denial = null)
    {
        var context = new ExpiryTestContext(azurite);
        var guard = new Mock<IOpsRequestGuard>();
        guard.Setup(g => g.RequireOpsAsync(It.IsAny<HttpRequest>(), It.IsAny<CancellationToken>())).ReturnsAsync(denial);
        return (new ExpiryRunsFunctions(guard.Object, context.Runs, context.Sweeper()), context);
    }

    private static JsonElement Json(IActionResult result)
    {
        var json = Assert.IsType<ApiJsonResult>(result);
        return JsonSerializer.SerializeToElement(json.Value, ApiJson.Options);
    }

    [Fact]
    public async Task Lists_runs_newest_first_in_pages()
    {
        var (functions, context) = Create(azurite);
        using var scope = context;
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            context.Time.Advance(TimeSpan.FromMinutes(5));
            ids.Add((await context.Sweeper().RunAsync(new ExpiryRunRequest(ExpiryRunTriggers.Schedule), default)).Run.Id);
        }

        var first = Json(await functions.ListExpiryRuns(Request(query: "?pageSize=2"), default));
        var token = first.GetProperty("continuationToken").GetString();
        var second = Json(await functions.ListExpiryRuns(Request(query: "?pageSize=2&continuationToken=" + Uri.EscapeDataString(token!)), default));

        var listed = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Equal([ids[4], ids[3], ids[2], ids[1]], listed);
        var run = first.GetProperty("items")[0];
        foreach (var field in new[] { "trigger", "startedAt", "endedAt", "durationMs", "isPastDue", "bucketsRead", "examined", "expired", "skipped", "errors", "backlogRemaining", "dryRun", "outcome" })
        {
            Assert.True(run.TryGetProperty(field, out _), $"missing {field}");
        }
    }

    [Theory]
    [InlineData("?pageSize=0")]
    [InlineData("?pageSize=101")]
    [InlineData("?pageSize=ten")]
    public async Task A_bad_page_size_is_a_validation_problem(string query)
    {
        var (functions, context) = Create(azurite);
        using var scope = context;

        var result = Assert.IsType<ApiJsonResult>(await functions.ListExpiryRuns(Request(query: query), default));

        Assert.Equal(400, result.StatusCode);
        Assert.Equal("urn:invitations:problem:validation-failed", ((ApiProblem)result.Value!).Type);
    }

    [Fact]
    public async Task Gets_one_run_by_id_and_answers_404_for_an_unknown_one()
    {
        var (functions, context) = Create(azurite);
        using var scope = context;
        var run = (await context.Sweeper().RunAsync(new ExpiryRunRequest(ExpiryRunTriggers.Schedule), default)).Run;

        var found = Json(await functions.GetExpiryRun(Request(), run.Id, default));
        var unknown = Assert.IsType<ApiJsonResult>(await functions.GetExpiryRun(Request(), ExpiryRunStore.NewRunId(context.Time.GetUtcNow()), default));
        var garbage = Assert.IsType<ApiJsonResult>(await functions.GetExpiryRun(Request(), "not-a-run'", default));

        Assert.Equal(run.Id, found.GetProperty("id").GetString());
        Assert.Equal("schedule", found.GetProperty("trigger").GetString());
        Assert.Equal(404, unknown.StatusCode);
        Assert.Equal(404, garbage.StatusCode);
        Assert.Equal("urn:invitations:problem:expiry-run-not-found", ((ApiProblem)unknown.Value!).Type);
    }

    [Fact]
    public async Task A_manual_run_answers_201_with_its_record_and_a_dry_run_200_with_candidates()
    {
        var (functions, context) = Create(azurite);
        using var scope = context;
        await context.CreateAsync("acct-ops-" + context.Prefix, 1, context.Time.GetUtcNow());
        context.Time.Advance(TimeSpan.FromDays(8));

        var dry = Assert.IsType<ApiJsonResult>(await functions.StartExpiryRun(Request("POST", body: "{\"dryRun\": true}"), default));
        var real = Assert.IsType<ApiJsonResult>(await functions.StartExpiryRun(Request("POST"), default));

        Assert.Equal(200, dry.StatusCode);
        var dryJson = Json(dry);
        Assert.True(dryJson.GetProperty("run").GetProperty("dryRun").GetBoolean());
        Assert.Equal(1, dryJson.GetProperty("wouldExpire").GetArrayLength());
        Assert.Equal(201, real.StatusCode);
        var realJson = Json(real);
        Assert.Equal("manual", realJson.GetProperty("run").GetProperty("trigger").GetString());
        Assert.Equal(1, realJson.GetProperty("run").GetProperty("expired").GetInt32());
        Assert.Equal("/api/ops/expiry-runs/" + realJson.GetProperty("run").GetProperty("id").GetString(), real.Headers["Location"]);
        Assert.Single((await context.Runs.ListAsync(10, null, default)).Runs);
    }

    [Theory]
    [InlineData("{\"dryRun\": \"yes\"}")]
    [InlineData("{\"dryRun\": true, \"extra\": 1}")]
    [InlineData("not json")]
    public async Task A_bad_body_is_a_validation_problem_and_runs_nothing(string body)
    {
        var (functions, context) = Create(azurite);
        using var scope = context;

        var result = Assert.IsType<ApiJsonResult>(await functions.StartExpiryRun(Request("POST", body: body), default));

        Assert.Equal(400, result.StatusCode);
        Assert.Empty((await context.Runs.ListAsync(10, null, default)).Runs);
    }

    [Fact]
    public async Task A_manual_run_while_another_holds_the_lock_answers_409()
    {
        var (functions, context) = Create(azurite);
        using var scope = context;
        var now = context.Time.GetUtcNow();
        await context.Runs.TryAcquireLockAsync(ExpiryRunStore.NewRunId(now), now, now.AddMinutes(3), default);

        var result = Assert.IsType<ApiJsonResult>(await functions.StartExpiryRun(Request("POST"), default));

        Assert.Equal(409, result.StatusCode);
        Assert.Equal("urn:invitations:problem:expiry-run-in-progress", ((ApiProblem)result.Value!).Type);
    }

    [Fact]
    public async Task Without_the_ops_role_nothing_is_read_or_run()
    {
        var denial = new ApiProblem("forbidden", 403, "The ops role is required.").ToResult();
        var (functions, context) = Create(azurite, denial);
        using var scope = context;

        Assert.Same(denial, await functions.ListExpiryRuns(Request(), default));
        Assert.Same(denial, await functions.GetExpiryRun(Request(), "x", default));
        Assert.Same(denial, await functions.StartExpiryRun(Request("POST"), default));
        Assert.Empty((await context.Runs.ListAsync(10, null, default)).Runs);
    }
}
