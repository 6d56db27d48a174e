namespace Invitations.Hosting.Http;

/// <summary>
/// An RFC 9457 problem. <see cref="Type"/> is stable and ends in the machine-readable code
/// (for example <c>urn:invitations:problem:invitation-expired</c>), so clients switch on it, never on text.
/// </summary>
public sealed record ApiProblem
{
    public const string TypePrefix = "urn:invitations:problem:";
    public const string ContentType = "application/problem+json";

    public ApiProblem(string code, int status, string title, string? detail = null)
    {
        Code = code;
        Type = TypePrefix + code;
        Status = status;
        Title = title;
        Detail = detail;
    }

    [System.Text.Json.Serialization.JsonIgnore]
    public string Code { get; }
    public string Type { get; }
    public string Title { get; }
    public int Status { get; }
    public string? Detail { get; init; }
    public string? Instance { get; init; }

    /// <summary>Field-level messages for <c>validation-failed</c>.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>Extension members (RFC 9457 §3.2), such as <c>retryAfterSeconds</c>.</summary>
    [System.Text.Json.Serialization.JsonExtensionData]
    public IDictionary<string, object?>? Extensions { get; init; }
}
