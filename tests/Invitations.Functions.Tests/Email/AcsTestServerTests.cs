using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Invitations.Email.Acs;
using Invitations.TestSupport.Acs;

namespace Invitations.Tests.Email;

/// <summary>The test server's own checks are real: unsigned, tampered or unidentified requests are refused.</summary>
public sealed class AcsTestServerTests : IAsyncLifetime, IDisposable
{
    private const string Body = """{"senderAddress":"a@b.test","recipients":{"to":[{"address":"c@d.test"}]},"content":{"subject":"s","plainText":"t"}}""";

    private readonly HttpClient _http = new();
    private AcsTestServer _server = null!;

    public async Task InitializeAsync() => _server = await AcsTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task A_correctly_signed_request_is_accepted()
    {
        using var response = await _http.SendAsync(Signed(Body, Body, Guid.NewGuid()));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, _server.EmailCount);
    }

    [Fact]
    public async Task An_unsigned_request_is_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_server.Endpoint, "./emails:send?api-version=2023-03-31")) { Content = new StringContent(Body) };
        request.Headers.Add("Operation-Id", Guid.NewGuid().ToString());

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, _server.EmailCount);
    }

    [Fact]
    public async Task A_body_changed_after_signing_is_refused()
    {
        using var response = await _http.SendAsync(Signed(Body, Body.Replace("c@d.test", "x@d.test", StringComparison.Ordinal), Guid.NewGuid()));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(Assert.Single(_server.Requests).SignatureValid);
    }

    [Fact]
    public async Task A_send_without_an_operation_id_is_refused()
    {
        using var response = await _http.SendAsync(Signed(Body, Body, operationId: null));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, _server.EmailCount);
    }

    private HttpRequestMessage Signed(string signedBody, string sentBody, Guid? operationId)
    {
        var uri = new Uri(_server.Endpoint, "./emails:send?api-version=2023-03-31");
        var date = DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture);
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(signedBody)));
        var signature = AcsHmacAuthenticationPolicy.ComputeSignature(Convert.FromBase64String(_server.AccessKey), "POST", uri.PathAndQuery, date, uri.Authority, hash);

        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(sentBody, Encoding.UTF8, "application/json") };
        request.Headers.Add("x-ms-date", date);
        request.Headers.Add("x-ms-content-sha256", hash);
        request.Headers.TryAddWithoutValidation("Authorization", AcsHmacAuthenticationPolicy.AuthorizationValue(signature));
        if (operationId is not null)
        {
            request.Headers.Add("Operation-Id", operationId.Value.ToString());
        }

        return request;
    }
}
