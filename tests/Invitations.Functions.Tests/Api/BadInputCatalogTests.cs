using System.Text;
using Invitations.Invitations;
using Invitations.TestSupport;
using Invitations.Tests.Invitations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Invitations.Tests.Api;

/// <summary>
/// The bad-input catalog: each request gets a 4xx problem+json with a stable type, never a 500, and the storage
/// (every row of the app's tables, every queued email) is byte-for-byte the same before and after. One case per row,
/// so one failure does not hide the rest; the cases share one app and its seeded data (they must not change it).
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class BadInputCatalogTests(AzuriteFixture azurite, BadInputCatalogTests.SeededApp app, ITestOutputHelper output)
    : IClassFixture<BadInputCatalogTests.SeededApp>
{
    public sealed record BadRequest(string Name, string Method, string Path, byte[]? Body, int Status, string Code, string? Token = "admin", string? ContentType = "application/json", Dictionary<string, string>? Headers = null, string? ErrorField = null)
    {
        public override string ToString() => Name;
    }

    /// <summary>What the cases refer to: invitations in two accounts, and link tokens good, tampered and foreign.</summary>
    public sealed record Seed(string Mine, string Theirs, string GoodToken, string Tampered, string OtherKeyToken, string UnknownInvitationToken);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private const string Create = "/api/accounts/acct-a/invitations";

    private static List<BadRequest> Cases(Seed seed) =>
    [
        new("malformed JSON", "POST", Create, Utf8("{\"email\": \"a@example.com\""), 400, "validation-failed", ErrorField: "$"),
        new("not JSON at all", "POST", Create, Utf8("email=a@example.com"), 400, "validation-failed"),
        new("JSON array", "POST", Create, Utf8("[{\"email\":\"a@example.com\"}]"), 400, "validation-failed", ErrorField: "$"),
        new("JSON string", "POST", Create, Utf8("\"a@example.com\""), 400, "validation-failed"),
        new("JSON null", "POST", Create, Utf8("null"), 400, "validation-failed"),
        new("empty body", "POST", Create, [], 400, "validation-failed"),
        new("whitespace body", "POST", Create, Utf8("  \r\n "), 400, "validation-failed"),
        new("trailing comma", "POST", Create, Utf8("{\"email\":\"a@example.com\",}"), 400, "validation-failed"),
        new("comment", "POST", Create, Utf8("{/* hi */\"email\":\"a@example.com\"}"), 400, "validation-failed"),
        new("invalid UTF-8", "POST", Create, [.. Utf8("{\"email\":\"a"), 0xC3, 0x28, .. Utf8("@example.com\"}")], 400, "validation-failed"),
        new("too deep", "POST", Create, Utf8("{\"email\":" + new string('[', 40) + new string(']', 40) + "}"), 400, "validation-failed"),
        new("email of the wrong type", "POST", Create, Utf8("{\"email\":42}"), 400, "validation-failed", ErrorField: "email"),
        new("displayName of the wrong type", "POST", Create, Utf8("{\"email\":\"a@example.com\",\"displayName\":[\"x\"]}"), 400, "validation-failed", ErrorField: "displayName"),
        new("role of the wrong type", "POST", Create, Utf8("{\"email\":\"a@example.com\",\"role\":true}"), 400, "validation-failed", ErrorField: "role"),
        new("missing email", "POST", Create, Utf8("{}"), 400, "validation-failed", ErrorField: "email"),
        new("null email", "POST", Create, Utf8("{\"email\":null}"), 400, "validation-failed", ErrorField: "email"),
        new("blank email", "POST", Create, Utf8("{\"email\":\"   \"}"), 400, "validation-failed", ErrorField: "email"),
        new("email without domain dot", "POST", Create, Utf8("{\"email\":\"a@localhost\"}"), 400, "validation-failed", ErrorField: "email"),
        new("email with two @", "POST", Create, Utf8("{\"email\":\"a@@example.com\"}"), 400, "validation-failed", ErrorField: "email"),
        new("email with display part", "POST", Create, Utf8("{\"email\":\"Ana <a@example.com>\"}"), 400, "validation-failed", ErrorField: "email"),
        new("email with CRLF header injection", "POST", Create, Utf8("{\"email\":\"a@example.com\\r\\nBcc: victim@example.com\"}"), 400, "validation-failed", ErrorField: "email"),
        new("email too long", "POST", Create, Utf8("{\"email\":\"" + new string('a', 250) + "@example.com\"}"), 400, "validation-failed", ErrorField: "email"),
        new("displayName with CR LF", "POST", Create, Utf8("{\"email\":\"a@example.com\",\"displayName\":\"Ana\\r\\nBcc: x@example.com\"}"), 400, "validation-failed", ErrorField: "displayName"),
        new("displayName with LF only", "POST", Create, Utf8("{\"email\":\"a@example.com\",\"displayName\":\"Ana\\nX\"}"), 400, "validation-failed", ErrorField: "displayName"),
        new("displayName with a line separator", "POST", Create, Utf8("{\"email\":\"a@example.com\",\"displayName\":\"Ana\\u2028X\"}"), 400, "validation-failed", ErrorField: "displayName"),
        new("displayName with NUL", "POST", Create, Utf8("{\"email\":\"a@example.com\",\"displayName\":\"Ana\\u0000\"}"), 400, "validation-failed", ErrorField: "displayName"),
        new("locale with CRLF", "POST", Create, Utf8("{\"email\":\"a@example.com\",\"locale\":\"en\\r\\nX-Evil: 1\"}"), 400, "validation-failed", ErrorField: "locale"),
        new("locale not a tag", "POST", Create, Utf8("{\"email\":\"a@example.com\",\"locale\":\"english please\"}"), 400, "validation-failed", ErrorField: "locale"),
        new("displayName over 100", "POST", Create, Utf8("{\"email\":\"a@example.com\",\"displayName\":\"" + new string('d', 101) + "\"}"), 400, "validation-failed", ErrorField: "displayName"),
        new("message over 500", "POST", Create, Utf8("{\"email\":\"a@example.com\",\"message\":\"" + new string('m', 501) + "\"}"), 400, "validation-failed", ErrorField: "message"),
        new("message with control character", "POST", Create, Utf8("{\"email\":\"a@example.com\",\"message\":\"hi\\u0007\"}"), 400, "validation-failed", ErrorField: "message"),
        new("message with a URL", "POST", Create, Utf8("{\"email\":\"a@example.com\",\"message\":\"Verify your password at https://evil.example/login\"}"), 400, "validation-failed", ErrorField: "message"),
        new("message with a bare domain", "POST", Create, Utf8("{\"email\":\"a@example.com\",\"message\":\"Verify your password at evil.example/login\"}"), 400, "validation-failed", ErrorField: "message"),
        new("message with a domain hidden by a zero-width space", "POST", Create, Utf8("{\"email\":\"a@example.com\",\"message\":\"evil.\\u200Bexample\"}"), 400, "validation-failed", ErrorField: "message"),
        new("message with a right-to-left override", "POST", Create, Utf8("{\"email\":\"a@example.com\",\"message\":\"hi \\u202Eexe.gpj\"}"), 400, "validation-failed", ErrorField: "message"),
        new("displayName with a right-to-left override", "POST", Create, Utf8("{\"email\":\"a@example.com\",\"displayName\":\"Ana\\u202Efdp.exe\"}"), 400, "validation-failed", ErrorField: "displayName"),
        new("displayName with a first-strong isolate", "POST", Create, Utf8("{\"email\":\"a@example.com\",\"displayName\":\"\\u2068Ana\\u2069\"}"), 400, "validation-failed", ErrorField: "displayName"),
        new("email with a Kelvin sign", "POST", Create, Utf8("{\"email\":\"\\u212Aept@example.com\"}"), 400, "validation-failed", ErrorField: "email"),
        new("unknown role", "POST", Create, Utf8("{\"email\":\"a@example.com\",\"role\":\"owner\"}"), 400, "validation-failed", ErrorField: "role"),
        new("unknown member", "POST", Create, Utf8("{\"email\":\"a@example.com\",\"isAdmin\":true}"), 400, "validation-failed", ErrorField: "isAdmin"),
        new("repeated member", "POST", Create, Utf8("{\"email\":\"a@example.com\",\"email\":\"b@example.com\"}"), 400, "validation-failed", ErrorField: "email"),
        new("body over 64 KB", "POST", Create, Utf8("{\"email\":\"a@example.com\",\"message\":\"" + new string('m', 70 * 1024) + "\"}"), 413, "payload-too-large"),
        new("body over 64 KB without content length", "POST", Create, Utf8("{\"email\":\"a@example.com\",\"message\":\"" + new string('m', 70 * 1024) + "\"}"), 413, "payload-too-large", Headers: new() { ["X-Test-No-Content-Length"] = "1" }),
        new("text/plain body", "POST", Create, Utf8("{\"email\":\"a@example.com\"}"), 415, "unsupported-media-type", ContentType: "text/plain"),
        new("no content type", "POST", Create, Utf8("{\"email\":\"a@example.com\"}"), 415, "unsupported-media-type", ContentType: null),
        new("idempotency key with spaces", "POST", Create, Utf8("{\"email\":\"a@example.com\"}"), 400, "validation-failed", Headers: new() { ["Idempotency-Key"] = "a key" }, ErrorField: "Idempotency-Key"),
        new("idempotency key too long", "POST", Create, Utf8("{\"email\":\"a@example.com\"}"), 400, "validation-failed", Headers: new() { ["Idempotency-Key"] = new string('k', 101) }),
        new("already invited", "POST", Create, Utf8("{\"email\":\"KEPT@example.com\"}"), 409, "already-invited"),
        new("malformed account id", "POST", "/api/accounts/acct'a/invitations", Utf8("{\"email\":\"a@example.com\"}"), 400, "validation-failed", ErrorField: "accountId"),
        new("account id too long", "GET", "/api/accounts/" + new string('a', 65) + "/invitations", null, 400, "validation-failed"),
        new("cross-account admin token", "POST", "/api/accounts/acct-b/invitations", Utf8("{\"email\":\"a@example.com\"}"), 403, "forbidden"),
        new("malformed invitation id", "GET", "/api/accounts/acct-a/invitations/not-a-guid", null, 404, "not-found"),
        new("malformed invitation id on resend", "POST", "/api/accounts/acct-a/invitations/123/resend", null, 404, "not-found"),
        new("unknown invitation id", "POST", $"/api/accounts/acct-a/invitations/{Guid.NewGuid()}/reissue", null, 404, "not-found"),
        new("another account's invitation id", "POST", $"/api/accounts/acct-a/invitations/{seed.Theirs}/revoke", null, 404, "not-found"),
        new("another account's invitation link", "GET", $"/api/accounts/acct-a/invitations/{seed.Theirs}/link", null, 404, "not-found"),
        new("pageSize 0", "GET", Create + "?pageSize=0", null, 400, "validation-failed", ErrorField: "pageSize"),
        new("pageSize 101", "GET", Create + "?pageSize=101", null, 400, "validation-failed", ErrorField: "pageSize"),
        new("pageSize not a number", "GET", Create + "?pageSize=ten", null, 400, "validation-failed", ErrorField: "pageSize"),
        new("unknown status", "GET", Create + "?status=pending&status=bogus", null, 400, "validation-failed", ErrorField: "status"),
        new("numeric status", "GET", Create + "?status=1", null, 400, "validation-failed", ErrorField: "status"),
        new("forged continuation token", "GET", Create + "?continuationToken=%25%25%25", null, 400, "validation-failed", ErrorField: "continuationToken"),
        new("continuation token of no range", "GET", Create + "?continuationToken=Z2FyYmFnZQ", null, 400, "validation-failed", ErrorField: "continuationToken"),
        new("continuation token of another account", "GET", Create + "?continuationToken=" + System.Buffers.Text.Base64Url.EncodeToString(Utf8("acct-b\nYWNjdC1i aW52fDAxYTIxNzMwYmRjMDc5MGViOWU5YWFiODI2MWFkMjIx")), null, 400, "validation-failed", ErrorField: "continuationToken"),
        new("tampered link token", "GET", "/api/invitations/" + Uri.EscapeDataString(seed.Tampered), null, 404, "invalid-token", Token: null),
        new("garbage link token", "GET", "/api/invitations/garbage", null, 404, "invalid-token", Token: null),
        new("link token under an unknown key", "GET", "/api/invitations/" + Uri.EscapeDataString(seed.OtherKeyToken), null, 404, "invalid-token", Token: null),
        new("link token of no invitation", "GET", "/api/invitations/" + Uri.EscapeDataString(seed.UnknownInvitationToken), null, 404, "invalid-token", Token: null),
        new("accept without token", "POST", "/api/invitations/accept", Utf8("{}"), 400, "validation-failed", Token: "invitee", ErrorField: "token"),
        new("accept with a token of the wrong type", "POST", "/api/invitations/accept", Utf8("{\"token\":123}"), 400, "validation-failed", Token: "invitee", ErrorField: "token"),
        new("accept with a tampered token", "POST", "/api/invitations/accept", Utf8($"{{\"token\":\"{seed.Tampered}\"}}"), 404, "invalid-token", Token: "invitee"),
        new("accept as another email", "POST", "/api/invitations/accept", Utf8($"{{\"token\":\"{seed.GoodToken}\"}}"), 403, "email-mismatch", Token: "stranger"),
        new("accept with email_verified false", "POST", "/api/invitations/accept", Utf8($"{{\"token\":\"{seed.GoodToken}\"}}"), 403, "email-not-verified", Token: "unverified"),
        new("accept with no email claim", "POST", "/api/invitations/accept", Utf8($"{{\"token\":\"{seed.GoodToken}\"}}"), 403, "email-not-verified", Token: "no-email"),
        new("accept with the Kelvin sign for k", "POST", "/api/invitations/accept", Utf8($"{{\"token\":\"{seed.GoodToken}\"}}"), 403, "email-mismatch", Token: "kelvin"),
        new("accept with an array body", "POST", "/api/invitations/accept", Utf8($"[\"{seed.GoodToken}\"]"), 400, "validation-failed", Token: "invitee"),
        new("accept without a bearer token", "POST", "/api/invitations/accept", Utf8($"{{\"token\":\"{seed.GoodToken}\"}}"), 401, "unauthorized", Token: null),
    ];

    public static TheoryData<string> CaseNames() =>
        [.. Cases(new Seed("mine", "theirs", "good", "tampered", "other-key", "unknown")).Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task A_bad_request_is_a_4xx_problem_and_changes_nothing(string name)
    {
        var (api, seed) = await app.StartAsync(azurite);
        var c = Cases(seed).Single(c => c.Name == name);

        var before = await api.SnapshotAsync();
        var headers = new Dictionary<string, string>(c.Headers ?? [], StringComparer.OrdinalIgnoreCase);
        var omitLength = headers.Remove("X-Test-No-Content-Length");
        if (c.ContentType is not null && c.Body is not null)
        {
            headers["Content-Type"] = c.ContentType;
        }

        var token = c.Token switch
        {
            "admin" => api.AdminToken(),
            "invitee" => api.UserToken("kept@example.com", "kept-user"),
            "stranger" => api.UserToken("stranger@example.com", "stranger"),
            "unverified" => api.Mint(new() { UserId = "kept-user", Email = "kept@example.com", EmailVerified = false }),
            "no-email" => api.Mint(new() { UserId = "kept-user", Email = null }),
            "kelvin" => api.UserToken("\u212Aept@example.com", "kept-user"),
            _ => null,
        };
        if (token is not null)
        {
            headers["Authorization"] = "Bearer " + token;
        }

        var response = omitLength
            ? await api.SendRawWithoutLengthAsync(c.Method, c.Path, c.Body, headers)
            : await api.SendRawAsync(c.Method, c.Path, c.Body, headers);
        var after = await api.SnapshotAsync();
        output.WriteLine($"{c.Name}: {response}");

        Assert.Equal((c.Status, c.Code), (response.Status, response.ProblemCode));
        Assert.StartsWith("application/problem+json", response.Header("Content-Type") ?? "", StringComparison.Ordinal);
        if (c.ErrorField is not null)
        {
            Assert.True(response.Json.TryGetProperty("errors", out var errors) && errors.TryGetProperty(c.ErrorField, out _), $"no errors.{c.ErrorField} in {response.Body}");
        }

        Assert.DoesNotContain(seed.GoodToken, response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(seed.Tampered, response.Body, StringComparison.Ordinal);
        after.AssertSameAs(before, c.Name);
    }

    /// <summary>One app for the whole catalog, seeded once: one invitation in each of two accounts, with history, guard rows and a queued email.</summary>
    public sealed class SeededApp : IDisposable
    {
        private readonly SemaphoreSlim _lock = new(1, 1);
        private (ApiHarness Api, Seed Seed)? _started;

        public async Task<(ApiHarness Api, Seed Seed)> StartAsync(AzuriteFixture azurite)
        {
            await _lock.WaitAsync();
            try
            {
                return _started ??= await SeedAsync(new ApiHarness(azurite));
            }
            finally
            {
                _lock.Release();
            }
        }

        private static async Task<(ApiHarness, Seed)> SeedAsync(ApiHarness api)
        {
            var mine = (await api.SendAsync("POST", Create, new { email = "kept@example.com" }, api.AdminToken())).Json.GetProperty("id").GetString()!;
            var theirs = (await api.SendAsync("POST", "/api/accounts/acct-b/invitations", new { email = "theirs@example.com" }, api.AdminToken("acct-b"))).Json.GetProperty("id").GetString()!;
            var link = (await api.SendAsync("GET", $"{Create}/{mine}/link", token: api.AdminToken())).Json;
            var goodToken = Uri.UnescapeDataString(link.GetProperty("url").GetString()!.Split("token=")[1]);
            var tampered = goodToken[..^2] + (goodToken[^2] == 'A' ? "B" : "A") + goodToken[^1];
            var otherKeyToken = InvitationTestData.Tokens("k1", ("k1", 9)).Create("acct-a", Guid.Parse(mine), 1);
            var unknownInvitationToken = new InvitationLinkTokens(api.Services.GetRequiredService<IOptions<LinkSigningOptions>>()).Create("acct-a", Guid.NewGuid(), 1);
            return (api, new Seed(mine, theirs, goodToken, tampered, otherKeyToken, unknownInvitationToken));
        }

        public void Dispose()
        {
            _started?.Api.Dispose();
            _lock.Dispose();
        }
    }
}
