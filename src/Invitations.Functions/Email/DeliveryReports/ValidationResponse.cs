using System.Text.Json.Serialization;

namespace Invitations.Email.DeliveryReports;

/// <summary>
/// The Event Grid subscription validation answer: <c>{"validationResponse": code}</c> (Event Grid reads only that
/// member). <see cref="Kind"/> lets generated clients tell it from <see cref="DeliveryReportsResponse"/>.
/// </summary>
public sealed record ValidationResponse([property: JsonPropertyName("validationResponse")] string Code)
{
    public string Kind { get; } = "validation";
}
