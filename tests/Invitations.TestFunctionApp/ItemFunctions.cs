using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Invitations.TestFunctionApp;

public sealed class ItemFunctions
{
    [Function(nameof(GetItem))]
    public static IActionResult GetItem(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "items/{id:guid}")] HttpRequest request,
        Guid id,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        return new OkObjectResult(new
        {
            id,
            function = context.FunctionDefinition.Name,
            query = request.Query["q"].ToString(),
            sameRequest = ReferenceEquals(context.GetHttpContext()?.Request, request),
        });
    }

    [Function(nameof(DeleteItem))]
    public static IActionResult DeleteItem(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", "post", Route = "items/{id:guid}/delete")] HttpRequest request,
        string id) => new StatusCodeResult(StatusCodes.Status204NoContent);

    [Function(nameof(Explode))]
    public static Task<IActionResult> Explode(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "explode")] HttpRequest request) =>
        throw new InvalidOperationException("secret-detail-that-must-not-leak");
}
