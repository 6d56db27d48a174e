using Invitations.Invitations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Invitations.Email.DeliveryReports;

/// <summary>The subscription validation handshake's answer: <c>{"validationResponse": code}</c>.</summary>
public sealed record ValidationResponse([property: System.Text.Json.Serialization.JsonPropertyName("validationResponse")] string Code);
