using System.Text;
using Invitations.Hosting.Http;
using Invitations.Invitations;
using Invitations.Security;
using Invitations.Storage;
using Invitations.Tests.Security;
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
}
