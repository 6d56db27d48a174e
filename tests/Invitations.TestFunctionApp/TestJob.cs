namespace Invitations.TestFunctionApp;

public sealed record TestJob(string Text);
