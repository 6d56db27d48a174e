using System.ComponentModel.DataAnnotations;

namespace Invitations.Hosting.Http;

/// <summary>Settings of section <c>Api</c>: how the one HTTP pipeline (<see cref="ApiEndpoint"/>) bounds a request.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>
    /// The longest the API works on one request: past it the answer is 503 <c>service-unavailable</c> with
    /// Retry-After. The upper bound stays under Azure's 230-second HTTP front-end limit and host.json's
    /// <c>functionTimeout</c> (5 minutes), so the caller always gets our answer, not the platform's.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", MaxRequestDeadline)]
    public TimeSpan RequestDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest <see cref="RequestDeadline"/> allowed (below the 230 s front-end limit).</summary>
    public const string MaxRequestDeadline = "00:03:00";
}
