namespace Invitations.LocalHost.Http;

/// <summary>What the host answers for a disabled HTTP function called without the master key: 404, empty body.</summary>
internal static class DisabledFunctionResponse
{
    public static Task WriteAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
