using System.Text;
using System.Text.Json;
using Invitations.Expiry;
using Invitations.Hosting.Http;
using Invitations.Security;
using Invitations.Tests.Security;
using Invitations.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Invitations.Tests.Expiry;

[Collection(AzuriteTests.Name)]
public sealed class ExpiryRunsFunctionsTests(AzuriteFixture azurite)
{
    private static readonly AuthOptions Auth = BearerTokenValidatorTests.DevOptions();

    /// <summary>A request from a caller with <paramref name="roles"/> (default: the ops role), token minted at the context's time.</summary>
    private static HttpRequest Request(ExpiryTestContext context, string method = "GET", string? query = null, string? body = null, string[]? roles = null)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Request.Path = "/api/ops/expiry-runs";
        http.Request.Headers.Authorization = "Bearer " + DevelopmentTokens.Mint(Auth,
            new DevelopmentTokenRequest { UserId = "ops-1", Roles = roles ?? [Auth.OpsRole], Accounts = ["acct-1"] }, context.Time);
        if (query is not null)
        {
            http.Request.QueryString = new QueryString(query);
        }

        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            http.Request.Body = new MemoryStream(bytes);
            http.Request.ContentLength = bytes.Length;
            http.Request.ContentType = "application/json";
        }

        return http.Request;
    }

    private static (ExpiryRunsFunctions Functions, ExpiryTestContext Context) Create(AzuriteFixture azurite)
    {
        var context = new ExpiryTestContext(azurite);
        var options = Options.Create(Auth);
        var deadline = new RequestDeadline(Options.Create(new ApiOptions()), context.Time);
        var endpoint = new ApiEndpoint(new BearerTokenValidator(options, context.Time, NullLogger<BearerTokenValidator>.Instance), options, deadline, TestLimitRefusals.Create(), NullLogger<ApiEndpoint>.Instance);
        return (new ExpiryRunsFunctions(endpoint, context.Runs, context.Sweeper(), deadline), context);
    }

    private static ApiProblem Problem(IActionResult result, int status)
    {
        var json = Assert.IsType<ApiJsonResult>(result);
        Assert.Equal(status, json.StatusCode);
        return Assert.IsType<ApiProblem>(json.Value);
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

        var first = Json(await functions.ListExpiryRuns(Request(context, query: "?pageSize=2")));
        Assert.True(first.TryGetProperty("continuationToken", out _), first.ToString());
        var token = first.GetProperty("continuationToken").GetString();
        var second = Json(await functions.ListExpiryRuns(Request(context, query: "?pageSize=2&continuationToken=" + Uri.EscapeDataString(token!))));

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
    [InlineData("?continuationToken=bm90LW91cnM")]
    [InlineData("?continuationToken=%%%")]
    public async Task A_bad_page_size_or_token_is_a_validation_problem(string query)
    {
        var (functions, context) = Create(azurite);
        using var scope = context;

        var problem = Problem(await functions.ListExpiryRuns(Request(context, query: query)), 400);

        Assert.Equal("urn:invitations:problem:validation-failed", problem.Type);
    }

    [Fact]
    public async Task Gets_one_run_by_id_and_answers_404_for_an_unknown_one()
    {
        var (functions, context) = Create(azurite);
        using var scope = context;
        var run = (await context.Sweeper().RunAsync(new ExpiryRunRequest(ExpiryRunTriggers.Schedule), default)).Run;

        var found = Json(await functions.GetExpiryRun(Request(context), run.Id));
        var unknown = Problem(await functions.GetExpiryRun(Request(context), ExpiryRunStore.NewRunId(context.Time.GetUtcNow())), 404);
        var garbage = Problem(await functions.GetExpiryRun(Request(context), "not-a-run'"), 404);

        Assert.Equal(run.Id, found.GetProperty("id").GetString());
        Assert.Equal("schedule", found.GetProperty("trigger").GetString());
        Assert.Equal("urn:invitations:problem:expiry-run-not-found", unknown.Type);
        Assert.Equal("urn:invitations:problem:expiry-run-not-found", garbage.Type);
    }

    [Fact]
    public async Task A_manual_run_answers_201_with_its_record_and_a_dry_run_200_with_candidates()
    {
        var (functions, context) = Create(azurite);
        using var scope = context;
        await context.CreateAsync("acct-ops-" + context.Prefix, 1, context.Time.GetUtcNow());
        context.Time.Advance(TimeSpan.FromDays(8));

        var dry = Assert.IsType<ApiJsonResult>(await functions.StartExpiryRun(Request(context, "POST", body: "{\"dryRun\": true}")));
        var real = Assert.IsType<ApiJsonResult>(await functions.StartExpiryRun(Request(context, "POST")));

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

        Problem(await functions.StartExpiryRun(Request(context, "POST", body: body)), 400);

        Assert.Empty((await context.Runs.ListAsync(10, null, default)).Runs);
    }

    [Fact]
    public async Task A_manual_run_while_another_holds_the_lock_answers_409()
    {
        var (functions, context) = Create(azurite);
        using var scope = context;
        var now = context.Time.GetUtcNow();
        await context.Runs.TryAcquireLockAsync(ExpiryRunStore.NewRunId(now), now, now.AddMinutes(3), default);

        var problem = Problem(await functions.StartExpiryRun(Request(context, "POST")), 409);

        Assert.Equal("urn:invitations:problem:expiry-run-in-progress", problem.Type);
    }

    [Fact]
    public async Task An_account_admin_without_the_ops_role_gets_403_and_nothing_is_read_or_run()
    {
        var (functions, context) = Create(azurite);
        using var scope = context;
        string[] admin = [Auth.AdminRole];

        Assert.Equal("urn:invitations:problem:forbidden", Problem(await functions.ListExpiryRuns(Request(context, roles: admin)), 403).Type);
        Problem(await functions.GetExpiryRun(Request(context, roles: admin), "x"), 403);
        Problem(await functions.StartExpiryRun(Request(context, "POST", roles: admin)), 403);
        Assert.Empty((await context.Runs.ListAsync(10, null, default)).Runs);
    }

    [Fact]
    public async Task Without_a_token_the_answer_is_401()
    {
        var (functions, context) = Create(azurite);
        using var scope = context;
        var request = Request(context, "POST");
        request.Headers.Authorization = default;

        Problem(await functions.StartExpiryRun(request), 401);
        Assert.Empty((await context.Runs.ListAsync(10, null, default)).Runs);
    }
}
