using System.Net;
using Invitations.Email.Acs;
using Microsoft.Extensions.Time.Testing;

namespace Invitations.Tests.Email;

/// <summary>Records requests without any network; answers 200.</summary>
internal sealed class CapturingHandler(HttpStatusCode status = HttpStatusCode.OK) : HttpMessageHandler
{
    public List<HttpRequestMessage> Requests { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent("{}") });
    }
}
