using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using Invitations.Hosting.Http;
using Invitations.Invitations;
using Invitations.Limits;
using Invitations.Security;
using Invitations.Storage;
using Invitations.Tests.Security;
using Invitations.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Invitations.Tests.Hosting;

public sealed class ApiEndpointTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero));

    private readonly RecordingOperationsTelemetry _operations = new();

    private ApiEndpoint Endpoint(IMeterFactory? meters = null) => new(
        new BearerTokenValidator(Options.Create(BearerTokenValidatorTests.DevOptions()), _time, NullLogger<BearerTokenValidator>.Instance),
        Options.Create(BearerTokenValidatorTests.DevOptions()),
        new RequestDeadline(Options.Create(new ApiOptions()), _time),
        TestLimitRefusals.Create(_operations, meters),
        NullLogger<ApiEndpoint>.Instance);

    private static async Task<(int Status, string Body, IHeaderDictionary Headers)> RunAsync(Func<HttpRequest, Task<IActionResult>> call, string path = "/api/x")
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        var result = await call(context.Request);
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        return (context.Response.StatusCode, Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()), context.Response.Headers);
    }

    [Fact]
    public async Task An_unexpected_exception_is_a_500_problem_without_its_message()
    {
        var (status, body, headers) = await RunAsync(request => Endpoint().RunAnonymousAsync(request, _ => throw new InvalidOperationException("connection string AccountKey=secret")));

        Assert.Equal(500, status);
        Assert.Contains("urn:invitations:problem:internal-error", body, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", body, StringComparison.Ordinal);
        Assert.Equal("no-store", headers.CacheControl.ToString());
    }

    [Theory]
    [InlineData(InvitationErrorCodes.Expired, 409)]
    [InlineData(InvitationErrorCodes.Superseded, 409)]
    [InlineData(InvitationErrorCodes.AlreadyInvited, 409)]
    [InlineData(InvitationErrorCodes.InvalidToken, 404)]
    [InlineData(InvitationErrorCodes.EmailMismatch, 403)]
    [InlineData(InvitationErrorCodes.InvitationEmailLimitReached, 409)]
    [InlineData(InvitationErrorCodes.AccountEmailLimitReached, 409)]
    [InlineData(InvitationErrorCodes.EmailNotVerified, 403)]
    public async Task Rule_codes_map_to_one_status_each(string code, int expected)
    {
        var (status, body, _) = await RunAsync(request => Endpoint().RunAnonymousAsync(request, _ => throw new InvitationRuleException(code, "why")));

        Assert.Equal(expected, status);
        Assert.Contains($"\"type\":\"urn:invitations:problem:{code}\"", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(InvitationErrorCodes.InvitationEmailLimitReached)]
    [InlineData(InvitationErrorCodes.AccountEmailLimitReached)]
    public async Task A_limit_refusal_is_409_with_when_to_retry_in_the_problem_and_is_counted_for_the_account(string code)
    {
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        using var refusals = new MetricCollector<long>(meters, LimitRefusals.MeterName, "limits.refusals");
        var token = DevelopmentTokens.Mint(BearerTokenValidatorTests.DevOptions(), new DevelopmentTokenRequest { Email = "eve@example.com", Roles = ["Invitations.Admin"], Accounts = ["acct-9"] }, _time);
        var retryAt = _time.GetUtcNow().AddHours(3);

        var (status, body, headers) = await RunAsync(request =>
        {
            request.Headers.Authorization = "Bearer " + token;
            return Endpoint(meters).RunAsAccountAdminAsync(request, "acct-9", (_, _) =>
                throw new InvitationRuleException(code, "why", TimeSpan.FromHours(3), retryAt));
        });

        Assert.Equal(409, status);
        Assert.False(headers.ContainsKey("Retry-After"));
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(3 * 3600, problem.RootElement.GetProperty("retryAfterSeconds").GetInt64());
        Assert.Equal(retryAt.UtcDateTime, problem.RootElement.GetProperty("retryAt").GetDateTime());
        var refused = Assert.Single(_operations.Events);
        Assert.Equal((LimitRefusedEvent.Name, "acct-9", code), (refused.Name, refused.Properties["accountId"], refused.Properties["limit"]));
        Assert.Equal(1, refused.Metrics[LimitRefusedEvent.RefusalsMetric]);
        Assert.DoesNotContain(refused.Properties.Values, v => v.Contains('@', StringComparison.Ordinal));
        var measurement = Assert.Single(refusals.GetMeasurementSnapshot());
        Assert.Equal(("acct-9", code), (measurement.Tags["account"], measurement.Tags["limit"]));
    }

    [Fact]
    public async Task Other_refusals_are_not_counted_as_limits()
    {
        await RunAsync(request => Endpoint().RunAnonymousAsync(request, _ => throw new InvitationRuleException(InvitationErrorCodes.Expired, "why")));

        Assert.Empty(_operations.Events);
    }

    [Fact]
    public async Task A_concurrency_conflict_is_a_409_conflict()
    {
        var (status, body, _) = await RunAsync(request => Endpoint().RunAnonymousAsync(request, _ => throw new ConcurrencyConflictException("The invitation was changed by someone else at the same time.")));

        Assert.Equal(409, status);
        Assert.Contains("urn:invitations:problem:conflict", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redacted_instance_replaces_a_path_that_holds_a_token()
    {
        var (_, body, _) = await RunAsync(
            request => Endpoint().RunAnonymousAsync(request, _ => throw new InvitationRuleException(InvitationErrorCodes.InvalidToken, "no"), "/api/invitations/{token}"),
            "/api/invitations/SECRET-TOKEN");

        Assert.DoesNotContain("SECRET-TOKEN", body, StringComparison.Ordinal);
        Assert.Contains("\"instance\":\"/api/invitations/{token}\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_handler_does_not_run_for_a_caller_who_is_not_an_admin_of_the_account()
    {
        var ran = false;
        var token = DevelopmentTokens.Mint(BearerTokenValidatorTests.DevOptions(), new DevelopmentTokenRequest { Roles = ["Invitations.Admin"], Accounts = ["a1"] }, _time);

        var (status, _, _) = await RunAsync(request =>
        {
            request.Headers.Authorization = "Bearer " + token;
            return Endpoint().RunAsAccountAdminAsync(request, "a2", (_, _) =>
            {
                ran = true;
                return Task.FromResult<IActionResult>(new ApiJsonResult(null));
            });
        });

        Assert.Equal(403, status);
        Assert.False(ran);
    }

    [Fact]
    public async Task Past_the_deadline_a_handler_still_waiting_is_stopped_and_answered_503_with_retry_after()
    {
        var waiting = new TaskCompletionSource();
        var call = RunAsync(request => Endpoint().RunAnonymousAsync(request, async ct =>
        {
            waiting.SetResult();
            await Task.Delay(Timeout.Infinite, ct); // storage that never answers, but honours the token
            return new ApiJsonResult(null);
        }));
        await waiting.Task;

        _time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.False(call.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        var (status, body, headers) = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(503, status);
        Assert.Contains("urn:invitations:problem:service-unavailable", body, StringComparison.Ordinal);
        Assert.Equal("10", headers.RetryAfter.ToString());
        Assert.Equal("nosniff", headers.XContentTypeOptions.ToString());
    }

    [Fact]
    public async Task A_caller_who_went_away_is_not_answered_as_if_the_deadline_passed()
    {
        using var aborted = new CancellationTokenSource();
        var context = new DefaultHttpContext { RequestAborted = aborted.Token };
        context.Request.Path = "/api/x";
        var call = Endpoint().RunAnonymousAsync(context.Request, async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return new ApiJsonResult(null);
        });

        await aborted.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task A_handler_that_finishes_in_time_is_answered_as_it_says_with_nosniff()
    {
        var (status, _, headers) = await RunAsync(request => Endpoint().RunAnonymousAsync(request, _ => Task.FromResult<IActionResult>(new ApiJsonResult(new { ok = true }))));

        Assert.Equal(200, status);
        Assert.Equal("nosniff", headers.XContentTypeOptions.ToString());
        Assert.False(headers.ContainsKey("Referrer-Policy"));
    }

    [Fact]
    public async Task The_handler_does_not_run_for_a_caller_without_the_ops_role()
    {
        var ran = false;
        var auth = BearerTokenValidatorTests.DevOptions();
        var admin = DevelopmentTokens.Mint(auth, new DevelopmentTokenRequest { Roles = [auth.AdminRole], Accounts = ["a1"] }, _time);
        var ops = DevelopmentTokens.Mint(auth, new DevelopmentTokenRequest { Roles = [auth.OpsRole] }, _time);
        Func<HttpRequest, Task<IActionResult>> Call(string token) => request =>
        {
            request.Headers.Authorization = "Bearer " + token;
            return Endpoint().RunAsOperatorAsync(request, (_, _) =>
            {
                ran = true;
                return Task.FromResult<IActionResult>(new ApiJsonResult(null));
            });
        };

        var (refused, body, _) = await RunAsync(Call(admin));
        Assert.Equal((403, false), (refused, ran));
        Assert.Contains("urn:invitations:problem:forbidden", body, StringComparison.Ordinal);

        var (allowed, _, _) = await RunAsync(Call(ops));
        Assert.Equal((200, true), (allowed, ran));
    }

    [Fact]
    public async Task A_validation_error_lists_its_fields_as_a_400_problem()
    {
        var (status, body, _) = await RunAsync(request => Endpoint().RunAnonymousAsync(request, _ => throw new ValidationFailedException("email", "Required.")));

        Assert.Equal(400, status);
        Assert.Contains("\"type\":\"urn:invitations:problem:validation-failed\"", body, StringComparison.Ordinal);
        Assert.Contains("\"errors\":{\"email\":[\"Required.\"]}", body, StringComparison.Ordinal);
    }

    public static TheoryData<string> EveryErrorCode() =>
        [.. new[] { typeof(InvitationErrorCodes), typeof(ErrorCodes) }
            .SelectMany(t => t.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static))
            .Select(f => (string)f.GetRawConstantValue()!)];

    [Theory]
    [MemberData(nameof(EveryErrorCode))]
    public async Task Every_error_code_has_one_status_and_its_problem_type(string code)
    {
        var kind = ProblemCatalog.Find(code);
        Assert.NotNull(kind);
        Assert.Equal("urn:invitations:problem:" + code, kind.Type);

        var (status, body, _) = await RunAsync(request => Endpoint().RunAnonymousAsync(request, _ => throw new DomainException(code, "why")));
        Assert.Equal(kind.Status, status);
        Assert.Contains($"\"type\":\"urn:invitations:problem:{code}\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public void The_problem_table_keeps_the_documented_statuses()
    {
        var expected = new Dictionary<string, int>
        {
            ["validation-failed"] = 400, ["invalid-events"] = 400, ["unauthorized"] = 401, ["forbidden"] = 403, ["email-mismatch"] = 403,
            ["not-found"] = 404, ["invalid-token"] = 404, ["expiry-run-not-found"] = 404, ["invitation-expired"] = 409,
            ["invitation-accepted"] = 409, ["invitation-revoked"] = 409, ["invitation-superseded"] = 409, ["already-invited"] = 409,
            ["accepted-by-another-user"] = 409, ["conflict"] = 409, ["expiry-run-in-progress"] = 409, ["payload-too-large"] = 413,
            ["unsupported-media-type"] = 415, ["idempotency-key-reused"] = 422, ["email-not-verified"] = 403,
            ["invitation-email-limit-reached"] = 409, ["account-email-limit-reached"] = 409, ["send-claimed"] = 409,
            ["internal-error"] = 500, ["service-unavailable"] = 503,
        };

        Assert.Equal(expected.OrderBy(e => e.Key), ProblemCatalog.All.ToDictionary(k => k.Code, k => k.Status).OrderBy(e => e.Key));
    }

    [Theory]
    [InlineData("{\"extensions\":{\"http\":{\"routePrefix\":\"api\"}}}", "api", "/api/ops/expiry-runs")]
    [InlineData("{\"extensions\":{\"http\":{\"routePrefix\":\"/v1/\"}}}", "v1", "/v1/ops/expiry-runs")]
    [InlineData("{\"extensions\":{\"http\":{\"routePrefix\":\"\"}}}", "", "/ops/expiry-runs")]
    [InlineData("{\"version\":\"2.0\"}", "api", "/api/ops/expiry-runs")]
    public void The_route_prefix_comes_from_host_json(string hostJson, string prefix, string path)
    {
        var file = Path.Combine(Path.GetTempPath(), "host-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(file, hostJson);
        try
        {
            Assert.Equal(prefix, ApiRoutes.ReadPrefix(file));
            Assert.Equal(path, ApiRoutes.PathOf(ApiRoutes.ReadPrefix(file), "ops/expiry-runs"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void The_app_reads_the_route_prefix_of_the_repository_host_json()
    {
        Assert.Equal(ApiRoutes.ReadPrefix(RepositoryPaths.Combine("host.json")), ApiRoutes.Prefix);
        Assert.Equal("/" + ApiRoutes.Prefix + "/accounts/a/invitations", ApiRoutes.PathOf("accounts/a/invitations"));
    }
}
