using Invitations.Admin.Bulk;
using Invitations.TestSupport;

namespace Invitations.Tests.Api;

/// <summary>Bulk invite over Azurite, through the app's routing: one result per row in input order, each row on its own.</summary>
[Collection(AzuriteTests.Name)]
public sealed class BulkInvitationApiTests(AzuriteFixture azurite) : IDisposable
{
    private const string Invitations = "/api/accounts/acct-a/invitations";
    private const string Bulk = Invitations + "/bulk";
    private readonly ApiHarness _api = new(azurite);

    public void Dispose() => _api.Dispose();

    private static int[] Statuses(ApiResponse response) =>
        [.. response.Json.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetInt32())];

    private async Task<List<string>> EmailsAsync()
    {
        var list = await _api.SendAsync("GET", Invitations + "?pageSize=100", token: _api.AdminToken());
        return [.. list.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("email").GetString()!).Order()];
    }

    [Fact]
    public async Task Five_rows_three_good_one_malformed_one_already_invited_answer_row_by_row()
    {
        Assert.Equal(201, (await _api.SendAsync("POST", Invitations, new { email = "taken@example.com" }, _api.AdminToken())).Status);

        var response = await _api.SendAsync("POST", Bulk, new
        {
            invitations = new object[]
            {
                new { email = "one@example.com", displayName = "One" },
                new { email = "two@example.com", role = "admin" },
                new { email = "not an address" },
                new { email = "TAKEN@example.com" },
                new { email = "three@example.com", locale = "nl" },
            },
        }, _api.AdminToken());

        Assert.Equal(200, response.Status);
        Assert.Equal([201, 201, 400, 409, 201], Statuses(response));
        var results = response.Json.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2, 3, 4], results.Select(r => r.GetProperty("index").GetInt32()));
        Assert.Equal("admin", results[1].GetProperty("invitation").GetProperty("role").GetString());
        Assert.Equal("urn:invitations:problem:validation-failed", results[2].GetProperty("problem").GetProperty("type").GetString());
        Assert.True(results[2].GetProperty("problem").GetProperty("errors").TryGetProperty("email", out _));
        Assert.Equal("urn:invitations:problem:already-invited", results[3].GetProperty("problem").GetProperty("type").GetString());
        Assert.False(results[3].TryGetProperty("invitation", out _));
        Assert.Equal((3, 2), (response.Json.GetProperty("created").GetInt32(), response.Json.GetProperty("failed").GetInt32()));
        Assert.Equal("invitations-bulk-created", response.Json.GetProperty("confirmation").GetProperty("messageCode").GetString());
        Assert.Equal(["one@example.com", "taken@example.com", "three@example.com", "two@example.com"], await EmailsAsync());
        Assert.Equal(4, (await _api.EmailJobsAsync()).Count);
    }

    [Fact]
    public async Task Rows_count_toward_the_account_email_quota_and_rows_past_it_are_refused_with_nothing_queued()
    {
        using var api = new ApiHarness(azurite, new Dictionary<string, string?> { ["Limits__EmailsPerAccountPerDay"] = "3" });

        var response = await api.SendAsync("POST", Bulk, new
        {
            invitations = Enumerable.Range(1, 5).Select(i => new { email = $"row{i}@example.com" }).ToArray(),
        }, api.AdminToken());

        Assert.Equal(200, response.Status);
        Assert.Equal([201, 201, 201, 409, 409], Statuses(response).Order());
        var refused = response.Json.GetProperty("results").EnumerateArray().Where(r => r.GetProperty("status").GetInt32() == 409).ToList();
        Assert.All(refused, r => Assert.Equal(
            "urn:invitations:problem:account-email-limit-reached", r.GetProperty("problem").GetProperty("type").GetString()));
        Assert.Equal(3, (await api.EmailJobsAsync()).Count);
        var list = await api.SendAsync("GET", Invitations + "?pageSize=100", token: api.AdminToken());
        Assert.Equal(3, list.Json.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_row_of_the_wrong_shape_fails_alone()
    {
        var response = await _api.SendAsync("POST", Bulk,
            """{"invitations":[{"email":"ok@example.com"},{"email":"x@example.com","colour":"red"},{"email":5},"just a string",{"email":"ok2@example.com"}]}""",
            _api.AdminToken());

        Assert.Equal(200, response.Status);
        Assert.Equal([201, 400, 400, 400, 201], Statuses(response));
        Assert.Equal(["ok@example.com", "ok2@example.com"], await EmailsAsync());
    }

    [Theory]
    [InlineData("""{"invitations":[]}""")]
    [InlineData("""{}""")]
    [InlineData("""{"invitations":{"email":"a@example.com"}}""")]
    [InlineData("""{"rows":[{"email":"a@example.com"}]}""")]
    public async Task A_request_without_rows_is_a_400_and_changes_nothing(string body)
    {
        var before = await _api.SnapshotAsync();

        var response = await _api.SendAsync("POST", Bulk, body, _api.AdminToken());

        Assert.Equal((400, "validation-failed"), (response.Status, response.ProblemCode));
        (await _api.SnapshotAsync()).AssertSameAs(before, "a bulk request without rows");
    }

    [Fact]
    public async Task More_than_fifty_rows_is_a_400_and_changes_nothing()
    {
        var before = await _api.SnapshotAsync();
        var rows = Enumerable.Range(0, BulkInvitationService.MaxRows + 1).Select(i => new { email = $"p{i}@example.com" }).ToArray();

        var response = await _api.SendAsync("POST", Bulk, new { invitations = rows }, _api.AdminToken());

        Assert.Equal((400, "validation-failed"), (response.Status, response.ProblemCode));
        Assert.True(response.Json.GetProperty("errors").TryGetProperty("invitations", out _));
        (await _api.SnapshotAsync()).AssertSameAs(before, "51 rows");
    }

    [Fact]
    public async Task Fifty_rows_are_all_created()
    {
        var rows = Enumerable.Range(0, BulkInvitationService.MaxRows).Select(i => new { email = $"member{i:D2}@example.com" }).ToArray();

        var response = await _api.SendAsync("POST", Bulk, new { invitations = rows }, _api.AdminToken());

        Assert.Equal(Enumerable.Repeat(201, 50), Statuses(response));
        Assert.Equal(50, (await EmailsAsync()).Count);
    }

    [Fact]
    public async Task The_same_address_twice_in_one_request_is_invited_once()
    {
        var response = await _api.SendAsync("POST", Bulk, new { invitations = new[] { new { email = "twice@example.com" }, new { email = "Twice@Example.com" } } }, _api.AdminToken());

        Assert.Equal([201, 409], Statuses(response).Order());
        // Either row may win (they run concurrently); the address keeps the winner's spelling.
        Assert.Equal("twice@example.com", Assert.Single(await EmailsAsync()), ignoreCase: true);
    }

    [Fact]
    public async Task The_idempotency_key_covers_the_whole_request()
    {
        var headers = new Dictionary<string, string> { ["Idempotency-Key"] = "team-import-7" };
        var body = new { invitations = new object[] { new { email = "a@example.com" }, new { email = "bad" }, new { email = "b@example.com" } } };

        var first = await _api.SendAsync("POST", Bulk, body, _api.AdminToken(), headers);
        var snapshot = await _api.SnapshotAsync();
        var again = await _api.SendAsync("POST", Bulk, body, _api.AdminToken(), headers);

        Assert.Equal([201, 400, 201], Statuses(first));
        Assert.Equal([201, 400, 201], Statuses(again));
        var ids = (ApiResponse r) => r.Json.GetProperty("results").EnumerateArray().Where(x => x.GetProperty("status").GetInt32() == 201)
            .Select(x => x.GetProperty("invitation").GetProperty("id").GetString()).ToList();
        Assert.Equal(ids(first), ids(again));
        Assert.All(again.Json.GetProperty("results").EnumerateArray().Where(x => x.GetProperty("status").GetInt32() == 201),
            x => Assert.True(x.GetProperty("replayed").GetBoolean()));
        (await _api.SnapshotAsync()).AssertSameAs(snapshot, "the replay");
    }

    [Fact]
    public async Task The_confirmation_follows_accept_language()
    {
        var response = await _api.SendAsync("POST", Bulk, new { invitations = new[] { new { email = "nl@example.com" } } }, _api.AdminToken(),
            new Dictionary<string, string> { ["Accept-Language"] = "nl-NL, en;q=0.5" });

        var confirmation = response.Json.GetProperty("confirmation");
        Assert.Equal(("nl", "nl"), (confirmation.GetProperty("language").GetString(), response.Header("Content-Language")));
        Assert.StartsWith("1 uitnodigingen aangemaakt", confirmation.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("1", confirmation.GetProperty("parameters").GetProperty("created").GetString());
    }

    [Fact]
    public async Task Only_an_admin_of_the_account_may_bulk_invite()
    {
        var response = await _api.SendAsync("POST", Bulk, new { invitations = new[] { new { email = "x@example.com" } } }, _api.AdminToken("acct-b"));

        Assert.Equal((403, "forbidden"), (response.Status, response.ProblemCode));
    }
}
