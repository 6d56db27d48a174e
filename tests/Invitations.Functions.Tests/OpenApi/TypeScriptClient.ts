// Compiled with `tsc --strict` against the client openapi-typescript generates from docs/openapi.json
// (tests/Invitations.Functions.Tests/OpenApi/OpenApiTypeScriptClientTests.cs). Each @ts-expect-error proves a type is
// narrow: were it a plain string or an empty object, the directive would be unused, which tsc reports as an error.
import type { components, paths } from "./api";

type Schemas = components["schemas"];

export const expired: Schemas["ProblemType"] = "urn:invitations:problem:invitation-expired";

// @ts-expect-error an undocumented problem type is not a ProblemType
export const undocumented: Schemas["ProblemType"] = "urn:invitations:problem:no-such-code";

export function message(problem: Schemas["Problem"]): string {
  switch (problem.type) {
    case "urn:invitations:problem:invitation-expired":
      return "Send a new invitation.";
    case "urn:invitations:problem:already-invited":
      return `Already invited: ${problem.invitationId ?? ""}`;
    default:
      return problem.title;
  }
}

export function storageUp(health: Schemas["Health"]): boolean {
  return health.checks.tableStorage.healthy && health.checks.queueStorage.healthy;
}

// @ts-expect-error checks names its dependencies; nothing else
export const unknownCheck = (health: Schemas["Health"]) => health.checks.somethingElse;

type WebhookAnswer = paths["/email/delivery-reports"]["post"]["responses"][200]["content"]["application/json"];

export function describe(answer: WebhookAnswer): string {
  if (answer.kind === "validation") {
    return answer.validationResponse;
  }

  return `${answer.applied} applied, ${answer.recordedInHistory} in history, ${answer.unknownMessageIds} unknown`;
}

// @ts-expect-error only the validation answer has a validationResponse
export const notNarrowed = (answer: WebhookAnswer) => answer.validationResponse;

export function reportedMessageId(event: Schemas["CloudEvent"]): string | undefined {
  const data = event.data;
  return data !== undefined && "messageId" in data ? data.messageId : undefined;
}
