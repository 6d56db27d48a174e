namespace Invitations.Hosting.Http;

/// <summary>What the API answers for one error code: its status and title; its type is <c>urn:invitations:problem:{code}</c>.</summary>
public sealed record ProblemKind(string Code, int Status, string Title)
{
    public string Type => ApiProblem.TypePrefix + Code;
}
