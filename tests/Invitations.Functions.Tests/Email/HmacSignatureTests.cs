using Azure.Core;
using Azure.Core.Pipeline;
using Invitations.Email.Acs;
using Microsoft.Extensions.Time.Testing;

namespace Invitations.Tests.Email;

/// <summary>
/// Published HMAC test vectors of the Azure SDKs' ACS authentication policies, reproduced exactly.
/// All use the access key "pw==" and the date "Wed, 13 Apr 2022 18:09:12 GMT".
/// </summary>
public sealed class HmacSignatureTests
{
    private const string Key = "pw==";
    private const string Date = "Wed, 13 Apr 2022 18:09:12 GMT";
    private const string EmptyBodyHash = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

    // Azure/azure-sdk-for-python, sdk/communication/azure-communication-identity/tests/test_hmac.py
    // (test_correct_signature, test_correct_signature_with_path, test_correct_signature_with_path_and_host).
    [Theory]
    [InlineData("https://contoso.communicationservices.azure.com/", "88MDmJhUR3m5QhFxb8ztShsSwlGrg7g/6XPnWf7QEO4=")]
    [InlineData("https://contoso.communicationservices.azure.com/testPath", "RoCrHjw7fb9fpHSbqvRUY2xa8RBS0YvI1cxI1x8AS38=")]
    [InlineData("https://contoso.communicationservices.azure.com/testPath?testQuery=yes", "il99+rd6V5O136roX/zVePCNle78HmvC4B7tu9zRH3I=")]
    // Azure/azure-sdk-for-js, sdk/communication/communication-common/test/public/communicationKeyCredentialPolicy.spec.ts.
    [InlineData("https://example.com/testPath?testQuery=test", "DGdgwggJWnQyc6EHjR/Vbqg1ES64KpD6U2XwTDDj3tU=")]
    [InlineData("https://example.com/testPath", "+6tWkg3lNKVjQHHmxkdGQcJjUgzclsWTMebnuCz1ngU=")]
    public void Signature_matches_the_Azure_SDK_test_vectors(string url, string expectedSignature)
    {
        var uri = new Uri(url);

        var signature = AcsHmacAuthenticationPolicy.ComputeSignature(
            Convert.FromBase64String(Key), "GET", uri.PathAndQuery, Date, uri.Authority, EmptyBodyHash);

        Assert.Equal(expectedSignature, signature);
    }

    [Fact]
    public async Task Policy_signs_a_pipeline_request_exactly_like_the_SDK_vector()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2022-04-13T18:09:12Z", System.Globalization.CultureInfo.InvariantCulture));
        var handler = new CapturingHandler();
        var pipeline = HttpPipelineBuilder.Build(new HttpPipelineOptions(new TestClientOptions(handler))
        {
            PerRetryPolicies = { new AcsHmacAuthenticationPolicy(Convert.FromBase64String(Key), clock) },
        });

        using var message = pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Get;
        message.Request.Uri.Reset(new Uri("https://example.com/testPath?testQuery=test"));
        await pipeline.SendAsync(message, CancellationToken.None);

        var sent = Assert.Single(handler.Requests);
        Assert.Equal(Date, sent.Headers.GetValues("x-ms-date").Single());
        Assert.Equal(EmptyBodyHash, sent.Headers.GetValues("x-ms-content-sha256").Single());
        Assert.Equal(
            "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=DGdgwggJWnQyc6EHjR/Vbqg1ES64KpD6U2XwTDDj3tU=",
            sent.Headers.GetValues("Authorization").Single());
    }

    // Content hashes from Azure/azure-sdk-for-js, sdk/communication/communication-common/test/internal/cryptoUtils.spec.ts
    // (the same values are in the Java SDK's HmacAuthenticationPolicyTests).
    [Theory]
    [InlineData("banana", "tJPUg2Sv5E0RwBZc9HCkFk0eJgmRHvmYvoaNRq3j3k4=")]
    [InlineData("😀", "8EQ6NCxe9UeDoRG1G6Vsk45HTDIyTZDDpgycjjo34tk=")]
    public async Task Content_hash_is_the_base64_sha256_of_the_exact_body(string body, string expectedHash)
    {
        var handler = new CapturingHandler();
        var pipeline = HttpPipelineBuilder.Build(new HttpPipelineOptions(new TestClientOptions(handler))
        {
            PerRetryPolicies = { new AcsHmacAuthenticationPolicy(Convert.FromBase64String(Key), TimeProvider.System) },
        });

        using var message = pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Post;
        message.Request.Uri.Reset(new Uri("https://localhost/emails:send"));
        message.Request.Content = RequestContent.Create(BinaryData.FromString(body));
        await pipeline.SendAsync(message, CancellationToken.None);

        Assert.Equal(expectedHash, Assert.Single(handler.Requests).Headers.GetValues("x-ms-content-sha256").Single());
    }

    [Fact]
    public void Connection_string_never_prints_its_key()
    {
        var parsed = AcsConnectionString.Parse("endpoint=https://contoso.communication.azure.com/;accesskey=c2VjcmV0LWtleS12YWx1ZQ==");

        Assert.Equal(new Uri("https://contoso.communication.azure.com/"), parsed.Endpoint);
        Assert.DoesNotContain("c2VjcmV0", parsed.ToString(), StringComparison.Ordinal);
    }
}
