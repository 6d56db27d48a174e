using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Invitations.Hosting.Http;

/// <summary>
/// Writes JSON with <see cref="ApiJson.Options"/> directly, so the bytes on the wire do not depend on
/// which host (Functions worker or local host) executes the result.
/// </summary>
public sealed class ApiJsonResult(object? value, int statusCode = StatusCodes.Status200OK, string contentType = "application/json") : IActionResult
{
    public object? Value { get; } = value;
    public int StatusCode { get; } = statusCode;
    public string ContentType { get; } = contentType;
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public ApiJsonResult WithHeader(string name, string value)
    {
        Headers[name] = value;
        return this;
    }

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCode;
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }

        if (Value is null)
        {
            return;
        }

        response.ContentType = ContentType + "; charset=utf-8";
        await JsonSerializer.SerializeAsync(response.Body, Value, Value.GetType(), ApiJson.Options, context.HttpContext.RequestAborted);
    }
}
