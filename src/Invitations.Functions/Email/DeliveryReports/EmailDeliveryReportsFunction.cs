using Invitations.Hosting.Http;
using Invitations.Invitations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Invitations.Email.DeliveryReports;

/// <summary>
/// The Event Grid webhook for ACS email delivery reports (<c>POST email/delivery-reports?secret=…</c> under the route prefix). Anonymous
/// at the host: the secret in the URL is the check (constant time, in <see cref="EmailDeliveryReportProcessor"/>).
/// </summary>
public sealed class EmailDeliveryReportsFunction(ApiEndpoint endpoint, EmailDeliveryReportProcessor processor)
{
    public const string Route = "email/delivery-reports";

    // Event Grid delivers batches of at most 1 MB.
    private const int MaxBodyBytes = 1024 * 1024;

    [Function(nameof(ReceiveEmailDeliveryReports))]
    public Task<IActionResult> ReceiveEmailDeliveryReports(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route)] HttpRequest request) =>
        // The instance is the bare path: the query holds the secret and never reaches a problem body or a log.
        endpoint.RunAnonymousAsync(request, async ct =>
        {
            var body = new BinaryData(await ApiRequest.ReadLimitedAsync(request, MaxBodyBytes, ct));
            var result = await processor.ProcessAsync(request.Query["secret"].ToString(), body, ct);
            return result.Outcome switch
            {
                DeliveryReportOutcome.Unauthorized => throw new DomainException(ErrorCodes.Unauthorized, "A valid delivery report secret is required."),
                DeliveryReportOutcome.BadRequest => throw new DomainException(ErrorCodes.InvalidEvents, "The body is not an Event Grid event array."),
                DeliveryReportOutcome.ValidationHandshake => new ApiJsonResult(new ValidationResponse(result.ValidationCode ?? "")),
                _ => new ApiJsonResult(new DeliveryReportsResponse(result.Recorded, result.UnknownMessageIds, result.Ignored)),
            };
        }, instance: ApiRoutes.PathOf(Route));
}
