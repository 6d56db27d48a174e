using Microsoft.Azure.Functions.Worker;

namespace Invitations.TestFunctionApp;

public sealed record TimerTick(DateTimeOffset At, bool IsPastDue, DateTime Last, DateTime Next);
