using System.Text.RegularExpressions;
using Invitations.TestSupport;

namespace Invitations.Tests.OpenApi;

/// <summary>The README's walkthrough calls only documented operations, and shows every admin route a portal uses.</summary>
public sealed partial class ReadmeWalkthroughTests
{
    [Fact]
    public void Every_curl_in_the_walkthrough_is_a_documented_operation()
    {
        var readme = File.ReadAllText(RepositoryPaths.Combine("README.md"));
        var documented = OpenApiDocumentTests.DocumentedOperations();
        var calls = Curl().Matches(readme).Select(m => Operation(m.Groups["method"].Success ? m.Groups["method"].Value : "GET", m.Groups["path"].Value)).ToList();

        Assert.Contains("POST /accounts/{accountId}/invitations/bulk", calls); // not vacuous
        var unknown = calls.Where(c => !documented.Contains(c)).ToList();
        Assert.True(unknown.Count == 0, "README calls undocumented operations: " + string.Join(", ", unknown));
    }

    /// <summary>(METHOD, templated path): account and invitation ids in the walkthrough become their route parameters.</summary>
    private static string Operation(string method, string path)
    {
        var segments = path.Split('?')[0].Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < segments.Length; i++)
        {
            if (i == 1 && segments[0] == "accounts")
            {
                segments[i] = "{accountId}";
            }
            else if (segments[i].StartsWith('$'))
            {
                segments[i] = "{invitationId}";
            }
        }

        return method.ToUpperInvariant() + " /" + string.Join('/', segments);
    }

    [GeneratedRegex(@"curl -s(?: -X (?<method>[A-Z]+))? (?:'|"")?\$API(?<path>/[^\s'""]+)")]
    private static partial Regex Curl();
}
