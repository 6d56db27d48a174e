using System.Text.Json;

namespace Invitations.LocalHost.Http;

/// <summary>
/// The answer to an exception no function handled: 500 with an RFC 9457 body that says nothing about the
/// exception (its text can hold internals or secrets). The console log has the details.
/// </summary>
internal static class UnhandledErrorResponse
{
    public const string ProblemType = "urn:invitations:problem:internal-error";

    public static async Task WriteAsync(HttpContext http)
    {
        if (http.Response.HasStarted)
        {
            return; // Too late to change the status; the connection ends with what was written.
        }

        http.Response.Clear();
        http.Response.StatusCode = StatusCodes.Status500InternalServerError;
        http.Response.ContentType = "application/problem+json; charset=utf-8";
        var problem = new
        {
            type = ProblemType,
            title = "An unexpected error occurred.",
            status = StatusCodes.Status500InternalServerError,
            instance = http.Request.Path.Value,
        };
        await JsonSerializer.SerializeAsync(http.Response.Body, problem, cancellationToken: CancellationToken.None);
    }
}
