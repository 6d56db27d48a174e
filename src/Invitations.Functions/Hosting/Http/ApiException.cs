using Invitations.Invitations;
using Microsoft.AspNetCore.Http;

namespace Invitations.Hosting.Http;

/// <summary>
/// A request that ends in a problem response decided before or outside the invitation rules (validation, 401,
/// 403, 404, 413, 415). <see cref="ApiEndpoint"/> turns it into problem+json.
/// </summary>
public sealed class ApiException : Exception
{
    public ApiException(ApiProblem problem)
        : base(problem?.Title)
    {
        Problem = problem ?? throw new ArgumentNullException(nameof(problem));
    }

    public ApiException()
        : this(new ApiProblem("bad-request", StatusCodes.Status400BadRequest, "Bad request."))
    {
    }

    public ApiException(string message)
        : this(new ApiProblem("bad-request", StatusCodes.Status400BadRequest, message))
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = new ApiProblem("bad-request", StatusCodes.Status400BadRequest, message);
    }

    public ApiProblem Problem { get; }

    public static ApiException Validation(IReadOnlyDictionary<string, string[]> errors, string? detail = null) =>
        new(new ApiProblem(InvitationErrorCodes.ValidationFailed, StatusCodes.Status400BadRequest, "The request is not valid.", detail) { Errors = errors });

    public static ApiException Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ApiException NotFound(string what = "invitation") =>
        new(new ApiProblem(InvitationErrorCodes.NotFound, StatusCodes.Status404NotFound, $"No such {what}."));
}

/// <summary>Collects field errors; throws one <c>validation-failed</c> with all of them.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    public void ThrowIfAny()
    {
        if (Any)
        {
            throw ApiException.Validation(_errors.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal));
        }
    }
}
