using System.Text.Json;

namespace Invitations.LocalHost.Http;

/// <summary>
/// Answers the local host writes itself (no function ran): an RFC 9457 problem+json body with a stable
/// <c>urn:invitations:problem:&lt;code&gt;</c> type, like every answer of the app, and nothing about internals.
/// </summary>
internal static class LocalProblemResponse
{
    public const string TypePrefix = "urn:invitations:problem:";

    public static async Task WriteAsync(HttpContext http, int status, string code, string title)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/problem+json; charset=utf-8";
        var problem = new
        {
            type = TypePrefix + code,
            title,
            status,
            instance = http.Request.Path.Value,
        };
        await JsonSerializer.SerializeAsync(http.Response.Body, problem, cancellationToken: CancellationToken.None);
    }

    /// <summary>
    /// After routing: a request no function took (unknown route: 404; route known, method not: 405 with its
    /// <c>Allow</c> header from routing) gets a problem body instead of an empty one.
    /// </summary>
    public static async Task UnmatchedAsync(HttpContext http, RequestDelegate next)
    {
        await next(http);
        if (http.Response.HasStarted || http.GetEndpoint()?.Metadata.GetMetadata<HttpFunction>() is not null)
        {
            return;
        }

        switch (http.Response.StatusCode)
        {
            case StatusCodes.Status404NotFound:
                await WriteAsync(http, StatusCodes.Status404NotFound, "not-found", "No function answers this path.");
                break;
            case StatusCodes.Status405MethodNotAllowed:
                await WriteAsync(http, StatusCodes.Status405MethodNotAllowed, "method-not-allowed", "This path does not take this method.");
                break;
        }
    }
}
