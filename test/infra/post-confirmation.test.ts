import type { PostConfirmationTriggerEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { postConfirmation } from "../../lambdas/triggers/post-confirmation.ts";

function event(triggerSource: PostConfirmationTriggerEvent["triggerSource"]): PostConfirmationTriggerEvent {
  return {
    version: "1",
    region: "eu-west-1",
    userPoolId: "eu-west-1_Example",
    userName: "0f1e2d3c-aaaa-bbbb-cccc-123456789abc",
    callerContext: { awsSdkVersion: "aws-sdk-unknown-unknown", clientId: "web-client" },
    triggerSource,
    request: { userAttributes: { sub: "0f1e2d3c-aaaa-bbbb-cccc-123456789abc", email: "firm@example.test", email_verified: "true" } },
    response: {},
  } as PostConfirmationTriggerEvent;
}

describe("post-confirmation trigger", () => {
  it("puts a freshly signed-up user in the applicant group and hands the event back to Cognito", async () => {
    const calls: unknown[][] = [];
    const handler = postConfirmation(async (...args) => {
      calls.push(args);
    });
    const input = event("PostConfirmation_ConfirmSignUp");
    await expect(handler(input)).resolves.toBe(input);
    expect(calls).toEqual([["eu-west-1_Example", "0f1e2d3c-aaaa-bbbb-cccc-123456789abc", "applicant"]]);
  });

  it("leaves groups alone after a forgotten-password reset", async () => {
    const calls: unknown[][] = [];
    const handler = postConfirmation(async (...args) => {
      calls.push(args);
    });
    await handler(event("PostConfirmation_ConfirmForgotPassword"));
    expect(calls).toEqual([]);
  });

  it("fails the confirmation when the group cannot be joined, so no account is left without a role", async () => {
    const handler = postConfirmation(async () => {
      throw new Error("AccessDenied");
    });
    await expect(handler(event("PostConfirmation_ConfirmSignUp"))).rejects.toThrow("AccessDenied");
  });
});
