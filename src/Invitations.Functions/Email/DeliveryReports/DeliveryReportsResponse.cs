using Invitations.Invitations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Invitations.Email.DeliveryReports;

public sealed record DeliveryReportsResponse(int Recorded, int UnknownMessageIds, int Ignored);
