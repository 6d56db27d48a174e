using Microsoft.Azure.Functions.Worker;

namespace Invitations.TestFunctionApp;

public sealed record TestJob(string Text);
