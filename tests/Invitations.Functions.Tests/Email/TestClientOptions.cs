using Azure.Core;
using Azure.Core.Pipeline;

namespace Invitations.Tests.Email;

internal sealed class TestClientOptions : ClientOptions
{
    public TestClientOptions(HttpMessageHandler handler)
    {
#pragma warning disable CA2000 // The transport owns the client for the test's lifetime.
        Transport = new HttpClientTransport(new HttpClient(handler));
#pragma warning restore CA2000
        Retry.MaxRetries = 0;
    }
}
