using Invitations.Hosting.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Invitations.Health;

public sealed class HealthFunction(StorageHealthProbe probe)
{
    /// <summary>Anonymous liveness and dependency check: 200 when Table and Queue storage answer, else 503.</summary>
    [Function(nameof(GetHealth))]
    public async Task<IActionResult> GetHealth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        SecurityHeaders.Apply(request.HttpContext.Response, urlHoldsSecret: false);
        var report = await probe.CheckAsync(cancellationToken);
        var body = new
        {
            status = report.Healthy ? "healthy" : "unhealthy",
            version = report.Version,
            checks = new { tableStorage = report.TableStorage, queueStorage = report.QueueStorage },
        };
        return new ApiJsonResult(body, report.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable)
            .WithHeader("Cache-Control", "no-store");
    }
}
