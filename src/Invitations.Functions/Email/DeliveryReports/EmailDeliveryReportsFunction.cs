using Invitations.Hosting.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Invitations.Email.DeliveryReports;

/// <summary>
/// The Event Grid webhook for ACS email delivery reports (<c>POST /api/email/delivery-reports?secret=…</c>). Anonymous
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
            ArgumentNullException.ThrowIfNull(request);
            if (request.ContentLength > MaxBodyBytes)
            {
                throw new ApiException(new ApiProblem("payload-too-large", StatusCodes.Status413PayloadTooLarge, "The event batch is too large."));
            }

            var body = await ReadAsync(request.Body, ct);
            var result = await processor.ProcessAsync(request.Query["secret"].ToString(), body, ct);
            return result.Outcome switch
            {
                DeliveryReportOutcome.Unauthorized => throw new ApiException(new ApiProblem("unauthorized", StatusCodes.Status401Unauthorized, "A valid delivery report secret is required.")),
                DeliveryReportOutcome.BadRequest => throw new ApiException(new ApiProblem("invalid-events", StatusCodes.Status400BadRequest, "The body is not an Event Grid event array.")),
                DeliveryReportOutcome.ValidationHandshake => new ApiJsonResult(new ValidationResponse(result.ValidationCode ?? "")),
                _ => new ApiJsonResult(new DeliveryReportsResponse(result.Recorded, result.UnknownMessageIds, result.Ignored)),
            };
        }, instance: "/api/" + Route);

    private static async Task<BinaryData> ReadAsync(Stream body, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new ApiException(new ApiProblem("payload-too-large", StatusCodes.Status413PayloadTooLarge, "The event batch is too large."));
            }

            buffer.Write(chunk, 0, read);
        }

        return new BinaryData(buffer.ToArray());
    }
}

/// <summary>The subscription validation handshake's answer: <c>{"validationResponse": code}</c>.</summary>
public sealed record ValidationResponse([property: System.Text.Json.Serialization.JsonPropertyName("validationResponse")] string Code);

public sealed record DeliveryReportsResponse(int Recorded, int UnknownMessageIds, int Ignored);
