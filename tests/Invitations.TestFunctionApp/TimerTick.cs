namespace Invitations.TestFunctionApp;

public sealed record TimerTick(DateTimeOffset At, bool IsPastDue, DateTime Last, DateTime Next);
