using Invitations.TestSupport;

namespace Invitations.Tests.Api;

/// <summary>When storage is unreachable the API says so with a 503 and Retry-After, never a bare 500 or a secret.</summary>
[Collection(AzuriteTests.Name)]
public sealed class StorageOutageApiTests(AzuriteFixture azurite) : IDisposable
{
    private static readonly int DeadPort = FreePorts.Next();

    // Same account and key as Azurite, but nothing listens on the port.
    private readonly ApiHarness _api = new(azurite, new Dictionary<string, string?>
    {
        ["InvitationsStorage"] =
            $"DefaultEndpointsProtocol=http;AccountName={AzuriteFixture.AccountName};AccountKey={AzuriteFixture.AccountKey};" +
            $"QueueEndpoint=http://127.0.0.1:{DeadPort}/{AzuriteFixture.AccountName};TableEndpoint=http://127.0.0.1:{DeadPort}/{AzuriteFixture.AccountName};",
    });

    public void Dispose() => _api.Dispose();

    [Theory]
    [InlineData("POST", "/api/accounts/acct-a/invitations")]
    [InlineData("GET", "/api/accounts/acct-a/invitations")]
    [InlineData("GET", "/api/accounts/acct-a/invitations/01a21d5f-4724-74fa-81d7-0a482f9d5108")]
    public async Task Unreachable_storage_answers_503_service_unavailable_with_retry_after(string method, string path)
    {
        var response = await _api.SendAsync(method, path, method == "POST" ? new { email = "ana@example.com" } : null, _api.AdminToken());

        Assert.Equal(503, response.Status);
        Assert.Equal("service-unavailable", response.ProblemCode);
        Assert.Equal("10", response.Header("Retry-After"));
        Assert.StartsWith("application/problem+json", response.Header("Content-Type"), StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteFixture.AccountKey, response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(DeadPort.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Body, StringComparison.Ordinal);
    }
}
