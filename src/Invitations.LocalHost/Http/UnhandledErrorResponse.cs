namespace Invitations.LocalHost.Http;

/// <summary>
/// The answer to an exception no function handled: 500 with an RFC 9457 body that says nothing about the
/// exception (its text can hold internals or secrets). The console log has the details.
/// </summary>
internal static class UnhandledErrorResponse
{
    public static async Task WriteAsync(HttpContext http)
    {
        if (http.Response.HasStarted)
        {
            return; // Too late to change the status; the connection ends with what was written.
        }

        http.Response.Clear();
        await LocalProblemResponse.WriteAsync(http, StatusCodes.Status500InternalServerError, "internal-error", "An unexpected error occurred.");
    }
}
