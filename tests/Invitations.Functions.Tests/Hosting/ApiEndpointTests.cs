using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using Invitations.Hosting.Http;
using Invitations.Invitations;
using Invitations.Limits;
using Invitations.Security;
using Invitations.Storage;
using Invitations.Tests.Security;
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
}
