namespace Invitations.TestFunctionApp;

public sealed record ProcessedJob(string Text, string MessageId, long DequeueCount, bool Succeeded);
