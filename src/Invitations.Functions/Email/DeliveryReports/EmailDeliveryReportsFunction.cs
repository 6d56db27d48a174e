using Invitations.Hosting.Http;
using Invitations.Invitations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Invitations.Email.DeliveryReports;

/// <summary>
/// The Event Grid webhook for ACS email delivery reports (<c>email/delivery-reports?secret=…</c> under the route prefix): POST takes
/// the Event Grid schema or CloudEvents 1.0; OPTIONS is the CloudEvents abuse-protection handshake. Anonymous at the
/// host: the secret in the URL is the check (constant time, in <see cref="EmailDeliveryReportProcessor"/>).
/// </summary>
public sealed class EmailDeliveryReportsFunction(ApiEndpoint endpoint, EmailDeliveryReportProcessor processor)
{
    public const string Route = "email/delivery-reports";
    public const string RequestOriginHeader = "WebHook-Request-Origin";
    public const string AllowedOriginHeader = "WebHook-Allowed-Origin";

    /// <summary>The 401 challenge: the webhook authenticates with its URL's <c>secret</c> query parameter, not a bearer token.</summary>
    public const string Challenge = "Secret realm=\"email-delivery-reports\", parameter=\"secret\"";

    // Event Grid delivers batches of at most 1 MB.
    private const int MaxBodyBytes = 1024 * 1024;

    // The instance is the bare path: the query holds the secret and never reaches a problem body or a log.
    private static readonly string Instance = ApiRoutes.PathOf(Route);

    [Function(nameof(ReceiveEmailDeliveryReports))]
    public Task<IActionResult> ReceiveEmailDeliveryReports(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route)] HttpRequest request) =>
        endpoint.RunAnonymousAsync(request, async ct =>
        {
            var body = new BinaryData(await ApiRequest.ReadLimitedAsync(request, MaxBodyBytes, ct));
            var result = await processor.ProcessAsync(request.Query["secret"].ToString(), body, ct);
            return result.Outcome switch
            {
                DeliveryReportOutcome.Unauthorized => Unauthorized(),
                DeliveryReportOutcome.BadRequest => throw new DomainException(ErrorCodes.InvalidEvents, "The body is not an Event Grid or CloudEvents 1.0 event batch."),
                DeliveryReportOutcome.ValidationHandshake => new ApiJsonResult(new ValidationResponse(result.Answer ?? "")),
                _ => new ApiJsonResult(DeliveryReportsResponse.From(result)),
            };
        }, Instance);

    /// <summary>CloudEvents 1.0 webhook validation: Event Grid asks before it delivers to a CloudEvents subscription.</summary>
    [Function(nameof(ValidateEmailDeliveryReportsWebhook))]
    public Task<IActionResult> ValidateEmailDeliveryReportsWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "options", Route = Route)] HttpRequest request) =>
        endpoint.RunAnonymousAsync(request, _ =>
        {
            ArgumentNullException.ThrowIfNull(request);
            var result = processor.Handshake(request.Query["secret"].ToString(), request.Headers[RequestOriginHeader].ToString());
            return Task.FromResult<IActionResult>(result.Outcome switch
            {
                DeliveryReportOutcome.Unauthorized => Unauthorized(),
                DeliveryReportOutcome.OriginAllowed => new ApiJsonResult(null).WithHeader(AllowedOriginHeader, result.Answer!),
                _ => throw new ValidationFailedException(RequestOriginHeader, "The CloudEvents webhook validation needs a WebHook-Request-Origin header."),
            });
        }, Instance);

    private static ApiJsonResult Unauthorized() =>
        ProblemCatalog.Result(ErrorCodes.Unauthorized, Instance, "A valid delivery report secret is required.")
            .WithHeader("WWW-Authenticate", Challenge);
}
