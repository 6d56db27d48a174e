using System.Text.Json;
using Azure.Storage.Queues;
using Invitations.Hosting;
using Invitations.LocalHost;
using Invitations.Security;
using Invitations.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Invitations.Tests.Api;

/// <summary>An HTTP answer as a client sees it.</summary>
public sealed record ApiResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? ProblemCode => Body.Length > 0 && Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("type", out var type)
        ? type.GetString()!.Replace("urn:invitations:problem:", "", StringComparison.Ordinal)
        : null;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public override string ToString() => $"{Status} {Body}";
}
