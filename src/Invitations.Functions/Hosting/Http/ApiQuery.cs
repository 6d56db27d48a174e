using System.Globalization;
using Invitations.Invitations;
using Microsoft.AspNetCore.Http;

namespace Invitations.Hosting.Http;

/// <summary>Reads query parameters the same way in every function: blank is absent, page sizes in one range check.</summary>
public static class ApiQuery
{
    /// <summary>The parameter's value, or null when it is missing or empty.</summary>
    public static string? Optional(HttpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Query[name].ToString() is { Length: > 0 } value ? value : null;
    }

    /// <summary>The parameter as sent (empty when it is present without a value), or null when it is missing: for a choice where empty is a mistake.</summary>
    public static string? AsSent(HttpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Query.TryGetValue(name, out var value) ? value.ToString() : null;
    }

    /// <summary>Every value of a repeated parameter (<c>?status=a&amp;status=b</c>).</summary>
    public static IReadOnlyList<string> All(HttpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        return [.. request.Query[name].OfType<string>()];
    }

    /// <summary><c>pageSize</c>: a whole number from 1 to <paramref name="max"/>, <paramref name="defaultSize"/> when absent.</summary>
    public static int PageSize(HttpRequest request, int defaultSize, int max)
    {
        if (Optional(request, "pageSize") is not { } raw)
        {
            return defaultSize;
        }

        return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size >= 1 && size <= max
            ? size
            : throw new ValidationFailedException("pageSize", $"A whole number from 1 to {max}.");
    }
}
