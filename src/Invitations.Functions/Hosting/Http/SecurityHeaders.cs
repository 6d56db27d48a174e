using Microsoft.AspNetCore.Http;

namespace Invitations.Hosting.Http;

/// <summary>Response headers every answer of ours carries (problems included).</summary>
public static class SecurityHeaders
{
    /// <param name="urlHoldsSecret">The request URL holds a secret (the preview's link token, the delivery-report secret):
    /// a page that loads it must not pass the URL on as a Referer.</param>
    public static void Apply(HttpResponse response, bool urlHoldsSecret)
    {
        ArgumentNullException.ThrowIfNull(response);
        // JSON is never sniffed into HTML or script.
        response.Headers.XContentTypeOptions = "nosniff";
        if (urlHoldsSecret)
        {
            response.Headers["Referrer-Policy"] = "no-referrer";
        }
    }
}
