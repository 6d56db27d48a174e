using Microsoft.Azure.Functions.Worker;

namespace Invitations.TestFunctionApp;

public sealed class TestJobFunction(Recorder recorder)
{
    /// <summary>Text that makes the function fail every time, so the message ends in the poison queue.</summary>
    public const string PoisonMarker = "poison";

    [Function(nameof(ProcessTestJob))]
    public void ProcessTestJob(
        [QueueTrigger("%TestQueueName%", Connection = "TestStorage")] TestJob job,
        string id,
        long dequeueCount,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(context);
        var fails = job.Text.StartsWith(PoisonMarker, StringComparison.Ordinal);
        recorder.Record(new ProcessedJob(job.Text, id, dequeueCount, !fails));
        if (fails)
        {
            throw new InvalidOperationException("Poison marker: this job always fails.");
        }
    }
}
