using System.Text;
using Invitations.Hosting.Http;
using Invitations.Invitations;
using Invitations.Security;
using Invitations.Storage;
using Invitations.Tests.Security;
using Invitations.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Invitations.Tests.Hosting;

public sealed class ApiEndpointTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero));

    private ApiEndpoint Endpoint() => new(
        new BearerTokenValidator(Options.Create(BearerTokenValidatorTests.DevOptions()), _time, NullLogger<BearerTokenValidator>.Instance),
        Options.Create(BearerTokenValidatorTests.DevOptions()),
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
    [InlineData(InvitationErrorCodes.ResendLimitReached, 429)]
    public async Task Rule_codes_map_to_one_status_each(string code, int expected)
    {
        var (status, body, _) = await RunAsync(request => Endpoint().RunAnonymousAsync(request, _ => throw new InvitationRuleException(code, "why")));

        Assert.Equal(expected, status);
        Assert.Contains($"\"type\":\"urn:invitations:problem:{code}\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_concurrency_conflict_is_a_409_conflict()
    {
        var (status, body, _) = await RunAsync(request => Endpoint().RunAnonymousAsync(request, _ => throw new ConcurrencyConflictException()));

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
            ["unsupported-media-type"] = 415, ["idempotency-key-reused"] = 422, ["resend-limit-reached"] = 429,
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
