using System.Text;
using Invitations.Invitations;
using Invitations.TestSupport;
using Invitations.Tests.Invitations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Invitations.Tests.Api;

/// <summary>
/// The bad-input catalog: each request gets a 4xx problem+json with a stable type, never a 500, and the
/// storage (every row of the app's tables, every queued email) is byte-for-byte the same before and after.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class BadInputCatalogTests(AzuriteFixture azurite, ITestOutputHelper output) : IDisposable
{
    private readonly ApiHarness _api = new(azurite);

    public void Dispose() => _api.Dispose();

    private sealed record Case(string Name, string Method, string Path, byte[]? Body, int Status, string Code, string? Token = "admin", string? ContentType = "application/json", Dictionary<string, string>? Headers = null, string? ErrorField = null);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task Every_bad_request_is_a_4xx_problem_and_changes_nothing()
    {
        // Something to protect: one invitation in each of two accounts, with history, guard rows and a queued email.
        var mine = (await _api.SendAsync("POST", "/api/accounts/acct-a/invitations", new { email = "kept@example.com" }, _api.AdminToken())).Json.GetProperty("id").GetString()!;
        var theirs = (await _api.SendAsync("POST", "/api/accounts/acct-b/invitations", new { email = "theirs@example.com" }, _api.AdminToken("acct-b"))).Json.GetProperty("id").GetString()!;
        var link = (await _api.SendAsync("GET", $"/api/accounts/acct-a/invitations/{mine}/link", token: _api.AdminToken())).Json;
        var goodToken = Uri.UnescapeDataString(link.GetProperty("url").GetString()!.Split("token=")[1]);
        var tampered = goodToken[..^2] + (goodToken[^2] == 'A' ? "B" : "A") + goodToken[^1];
        var otherKeyToken = InvitationTestData.Tokens("k1", ("k1", 9)).Create("acct-a", Guid.Parse(mine), 1);
        var unknownInvitationToken = new InvitationLinkTokens(_api.Services.GetRequiredService<IOptions<LinkSigningOptions>>()).Create("acct-a", Guid.NewGuid(), 1);

        const string create = "/api/accounts/acct-a/invitations";
        var cases = new List<Case>
        {
            new("malformed JSON", "POST", create, Utf8("{\"email\": \"a@example.com\""), 400, "validation-failed", ErrorField: "$"),
            new("not JSON at all", "POST", create, Utf8("email=a@example.com"), 400, "validation-failed"),
            new("JSON array", "POST", create, Utf8("[{\"email\":\"a@example.com\"}]"), 400, "validation-failed", ErrorField: "$"),
            new("JSON string", "POST", create, Utf8("\"a@example.com\""), 400, "validation-failed"),
            new("JSON null", "POST", create, Utf8("null"), 400, "validation-failed"),
            new("empty body", "POST", create, [], 400, "validation-failed"),
            new("whitespace body", "POST", create, Utf8("  \r\n "), 400, "validation-failed"),
            new("trailing comma", "POST", create, Utf8("{\"email\":\"a@example.com\",}"), 400, "validation-failed"),
            new("comment", "POST", create, Utf8("{/* hi */\"email\":\"a@example.com\"}"), 400, "validation-failed"),
            new("invalid UTF-8", "POST", create, [.. Utf8("{\"email\":\"a"), 0xC3, 0x28, .. Utf8("@example.com\"}")], 400, "validation-failed"),
            new("too deep", "POST", create, Utf8("{\"email\":" + new string('[', 40) + new string(']', 40) + "}"), 400, "validation-failed"),
            new("email of the wrong type", "POST", create, Utf8("{\"email\":42}"), 400, "validation-failed", ErrorField: "email"),
            new("displayName of the wrong type", "POST", create, Utf8("{\"email\":\"a@example.com\",\"displayName\":[\"x\"]}"), 400, "validation-failed", ErrorField: "displayName"),
            new("role of the wrong type", "POST", create, Utf8("{\"email\":\"a@example.com\",\"role\":true}"), 400, "validation-failed", ErrorField: "role"),
            new("missing email", "POST", create, Utf8("{}"), 400, "validation-failed", ErrorField: "email"),
            new("null email", "POST", create, Utf8("{\"email\":null}"), 400, "validation-failed", ErrorField: "email"),
            new("blank email", "POST", create, Utf8("{\"email\":\"   \"}"), 400, "validation-failed", ErrorField: "email"),
            new("email without domain dot", "POST", create, Utf8("{\"email\":\"a@localhost\"}"), 400, "validation-failed", ErrorField: "email"),
            new("email with two @", "POST", create, Utf8("{\"email\":\"a@@example.com\"}"), 400, "validation-failed", ErrorField: "email"),
            new("email with display part", "POST", create, Utf8("{\"email\":\"Ana <a@example.com>\"}"), 400, "validation-failed", ErrorField: "email"),
            new("email with CRLF header injection", "POST", create, Utf8("{\"email\":\"a@example.com\\r\\nBcc: victim@example.com\"}"), 400, "validation-failed", ErrorField: "email"),
            new("email too long", "POST", create, Utf8("{\"email\":\"" + new string('a', 250) + "@example.com\"}"), 400, "validation-failed", ErrorField: "email"),
            new("displayName with CR LF", "POST", create, Utf8("{\"email\":\"a@example.com\",\"displayName\":\"Ana\\r\\nBcc: x@example.com\"}"), 400, "validation-failed", ErrorField: "displayName"),
            new("displayName with LF only", "POST", create, Utf8("{\"email\":\"a@example.com\",\"displayName\":\"Ana\\nX\"}"), 400, "validation-failed", ErrorField: "displayName"),
            new("displayName with a line separator", "POST", create, Utf8("{\"email\":\"a@example.com\",\"displayName\":\"Ana\\u2028X\"}"), 400, "validation-failed", ErrorField: "displayName"),
            new("displayName with NUL", "POST", create, Utf8("{\"email\":\"a@example.com\",\"displayName\":\"Ana\\u0000\"}"), 400, "validation-failed", ErrorField: "displayName"),
            new("locale with CRLF", "POST", create, Utf8("{\"email\":\"a@example.com\",\"locale\":\"en\\r\\nX-Evil: 1\"}"), 400, "validation-failed", ErrorField: "locale"),
            new("locale not a tag", "POST", create, Utf8("{\"email\":\"a@example.com\",\"locale\":\"english please\"}"), 400, "validation-failed", ErrorField: "locale"),
            new("displayName over 100", "POST", create, Utf8("{\"email\":\"a@example.com\",\"displayName\":\"" + new string('d', 101) + "\"}"), 400, "validation-failed", ErrorField: "displayName"),
            new("message over 500", "POST", create, Utf8("{\"email\":\"a@example.com\",\"message\":\"" + new string('m', 501) + "\"}"), 400, "validation-failed", ErrorField: "message"),
            new("message with control character", "POST", create, Utf8("{\"email\":\"a@example.com\",\"message\":\"hi\\u0007\"}"), 400, "validation-failed", ErrorField: "message"),
            new("unknown role", "POST", create, Utf8("{\"email\":\"a@example.com\",\"role\":\"owner\"}"), 400, "validation-failed", ErrorField: "role"),
            new("unknown member", "POST", create, Utf8("{\"email\":\"a@example.com\",\"isAdmin\":true}"), 400, "validation-failed", ErrorField: "isAdmin"),
            new("repeated member", "POST", create, Utf8("{\"email\":\"a@example.com\",\"email\":\"b@example.com\"}"), 400, "validation-failed", ErrorField: "email"),
            new("body over 64 KB", "POST", create, Utf8("{\"email\":\"a@example.com\",\"message\":\"" + new string('m', 70 * 1024) + "\"}"), 413, "payload-too-large"),
            new("body over 64 KB without content length", "POST", create, Utf8("{\"email\":\"a@example.com\",\"message\":\"" + new string('m', 70 * 1024) + "\"}"), 413, "payload-too-large", Headers: new() { ["X-Test-No-Content-Length"] = "1" }),
            new("text/plain body", "POST", create, Utf8("{\"email\":\"a@example.com\"}"), 415, "unsupported-media-type", ContentType: "text/plain"),
            new("no content type", "POST", create, Utf8("{\"email\":\"a@example.com\"}"), 415, "unsupported-media-type", ContentType: null),
            new("idempotency key with spaces", "POST", create, Utf8("{\"email\":\"a@example.com\"}"), 400, "validation-failed", Headers: new() { ["Idempotency-Key"] = "a key" }, ErrorField: "Idempotency-Key"),
            new("idempotency key too long", "POST", create, Utf8("{\"email\":\"a@example.com\"}"), 400, "validation-failed", Headers: new() { ["Idempotency-Key"] = new string('k', 101) }),
            new("already invited", "POST", create, Utf8("{\"email\":\"KEPT@example.com\"}"), 409, "already-invited"),
            new("malformed account id", "POST", "/api/accounts/acct'a/invitations", Utf8("{\"email\":\"a@example.com\"}"), 400, "validation-failed", ErrorField: "accountId"),
            new("account id too long", "GET", "/api/accounts/" + new string('a', 65) + "/invitations", null, 400, "validation-failed"),
            new("cross-account admin token", "POST", "/api/accounts/acct-b/invitations", Utf8("{\"email\":\"a@example.com\"}"), 403, "forbidden"),
            new("malformed invitation id", "GET", "/api/accounts/acct-a/invitations/not-a-guid", null, 404, "not-found"),
            new("malformed invitation id on resend", "POST", "/api/accounts/acct-a/invitations/123/resend", null, 404, "not-found"),
            new("unknown invitation id", "POST", $"/api/accounts/acct-a/invitations/{Guid.NewGuid()}/reissue", null, 404, "not-found"),
            new("another account's invitation id", "POST", $"/api/accounts/acct-a/invitations/{theirs}/revoke", null, 404, "not-found"),
            new("another account's invitation link", "GET", $"/api/accounts/acct-a/invitations/{theirs}/link", null, 404, "not-found"),
            new("pageSize 0", "GET", create + "?pageSize=0", null, 400, "validation-failed", ErrorField: "pageSize"),
            new("pageSize 101", "GET", create + "?pageSize=101", null, 400, "validation-failed", ErrorField: "pageSize"),
            new("pageSize not a number", "GET", create + "?pageSize=ten", null, 400, "validation-failed", ErrorField: "pageSize"),
            new("unknown status", "GET", create + "?status=pending&status=bogus", null, 400, "validation-failed", ErrorField: "status"),
            new("numeric status", "GET", create + "?status=1", null, 400, "validation-failed", ErrorField: "status"),
            new("forged continuation token", "GET", create + "?continuationToken=%25%25%25", null, 400, "validation-failed", ErrorField: "continuationToken"),
            new("continuation token of no range", "GET", create + "?continuationToken=Z2FyYmFnZQ", null, 400, "validation-failed", ErrorField: "continuationToken"),
            new("continuation token of another account", "GET", create + "?continuationToken=" + System.Buffers.Text.Base64Url.EncodeToString(Utf8("acct-b\nYWNjdC1i aW52fDAxYTIxNzMwYmRjMDc5MGViOWU5YWFiODI2MWFkMjIx")), null, 400, "validation-failed", ErrorField: "continuationToken"),
            new("tampered link token", "GET", "/api/invitations/" + Uri.EscapeDataString(tampered), null, 404, "invalid-token", Token: null),
            new("garbage link token", "GET", "/api/invitations/garbage", null, 404, "invalid-token", Token: null),
            new("link token under an unknown key", "GET", "/api/invitations/" + Uri.EscapeDataString(otherKeyToken), null, 404, "invalid-token", Token: null),
            new("link token of no invitation", "GET", "/api/invitations/" + Uri.EscapeDataString(unknownInvitationToken), null, 404, "invalid-token", Token: null),
            new("accept without token", "POST", "/api/invitations/accept", Utf8("{}"), 400, "validation-failed", Token: "invitee", ErrorField: "token"),
            new("accept with a token of the wrong type", "POST", "/api/invitations/accept", Utf8("{\"token\":123}"), 400, "validation-failed", Token: "invitee", ErrorField: "token"),
            new("accept with a tampered token", "POST", "/api/invitations/accept", Utf8($"{{\"token\":\"{tampered}\"}}"), 404, "invalid-token", Token: "invitee"),
            new("accept as another email", "POST", "/api/invitations/accept", Utf8($"{{\"token\":\"{goodToken}\"}}"), 403, "email-mismatch", Token: "stranger"),
            new("accept with an array body", "POST", "/api/invitations/accept", Utf8($"[\"{goodToken}\"]"), 400, "validation-failed", Token: "invitee"),
            new("accept without a bearer token", "POST", "/api/invitations/accept", Utf8($"{{\"token\":\"{goodToken}\"}}"), 401, "unauthorized", Token: null),
        };

        var failures = new List<string>();
        foreach (var c in cases)
        {
            var before = await _api.SnapshotAsync();
            var headers = new Dictionary<string, string>(c.Headers ?? [], StringComparer.OrdinalIgnoreCase);
            var omitLength = headers.Remove("X-Test-No-Content-Length");
            if (c.ContentType is not null && c.Body is not null)
            {
                headers["Content-Type"] = c.ContentType;
            }

            var token = c.Token switch
            {
                "admin" => _api.AdminToken(),
                "invitee" => _api.UserToken("kept@example.com", "kept-user"),
                "stranger" => _api.UserToken("stranger@example.com", "stranger"),
                _ => null,
            };
            if (token is not null)
            {
                headers["Authorization"] = "Bearer " + token;
            }

            var response = omitLength
                ? await _api.SendRawWithoutLengthAsync(c.Method, c.Path, c.Body, headers)
                : await _api.SendRawAsync(c.Method, c.Path, c.Body, headers);
            var after = await _api.SnapshotAsync();

            var problems = new List<string>();
            if (response.Status != c.Status || response.ProblemCode != c.Code)
            {
                problems.Add($"expected {c.Status} {c.Code}, got {response}");
            }

            if (!(response.Header("Content-Type") ?? "").StartsWith("application/problem+json", StringComparison.Ordinal))
            {
                problems.Add("not problem+json: " + response.Header("Content-Type"));
            }

            if (c.ErrorField is not null && !(response.Json.TryGetProperty("errors", out var errors) && errors.TryGetProperty(c.ErrorField, out _)))
            {
                problems.Add($"no errors.{c.ErrorField} in {response.Body}");
            }

            if (response.Body.Contains(goodToken, StringComparison.Ordinal) || response.Body.Contains(tampered, StringComparison.Ordinal))
            {
                problems.Add("a link token was echoed");
            }

            if (!before.Rows.SequenceEqual(after.Rows) || before.QueuedEmails != after.QueuedEmails)
            {
                problems.Add($"storage changed (rows {before.Rows.Count} -> {after.Rows.Count}, emails {before.QueuedEmails} -> {after.QueuedEmails})");
            }

            output.WriteLine($"{(problems.Count == 0 ? "ok  " : "FAIL")} {c.Name}: {response.Status} {response.ProblemCode}");
            if (problems.Count > 0)
            {
                failures.Add($"{c.Name}: {string.Join("; ", problems)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
