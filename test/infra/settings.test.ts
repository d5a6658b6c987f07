import { App } from "aws-cdk-lib";
import { describe, expect, it } from "vitest";
import { readSettings } from "../../lib/settings.ts";
import { cdkContext } from "./support/synth.ts";

const committed = cdkContext();
const withStage = (stage: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  new App({ context: { sandbox: { ...committed.sandbox, ...stage }, ...extra } }).node;

describe("stage settings", () => {
  it("reads the committed sandbox block, filling defaults", () => {
    const settings = readSettings(new App({ context: committed }).node);
    expect(settings).toMatchObject({ stageName: "sandbox", documentRetentionMode: "GOVERNANCE", presignSeconds: 300, logLevel: "INFO" });
    expect(settings.alarmEmail).toBeUndefined();
  });

  it("picks another block with -c stage=<name>", () => {
    const node = new App({ context: { stage: "prod", prod: { ...committed.sandbox, stageName: "prod", throttleRate: 200 } } }).node;
    expect(readSettings(node)).toMatchObject({ stageName: "prod", throttleRate: 200 });
  });

  it("accepts a block given as JSON on the command line", () => {
    const node = new App({ context: { sandbox: JSON.stringify({ ...committed.sandbox, slaDays: 30 }) } }).node;
    expect(readSettings(node).slaDays).toBe(30);
  });

  it("names the stage it could not find", () => {
    expect(() => readSettings(new App({ context: { stage: "prod" } }).node)).toThrow(/no context block "prod"/);
  });

  it.each([
    [{ logRetentionDays: 42 }, /sandbox\.logRetentionDays: one of CloudWatch's retention periods/],
    [{ stageName: "Sandbox_1" }, /sandbox\.stageName/],
    [{ documentRetentionMode: "FOREVER" }, /sandbox\.documentRetentionMode/],
    [{ throttleBurst: 0 }, /sandbox\.throttleBurst/],
    [{ presignSeconds: 86_400 }, /sandbox\.presignSeconds/],
    [{ alarmEmail: "not-an-address" }, /sandbox\.alarmEmail/],
    [{ authDomainPrefix: "my-cognito-login" }, /sandbox\.authDomainPrefix: Cognito refuses/],
    // A regional ACL cannot be attached to CloudFront.
    [{ webAclArn: "arn:aws:wafv2:ap-south-1:123456789012:regional/webacl/edge/a1b2c3d4" }, /sandbox\.webAclArn: a WAFv2 web ACL ARN of scope CLOUDFRONT/],
    [{ fourEyesMw: undefined }, /sandbox\.fourEyesMw/],
    [{ throttleRat: 5 }, /Unrecognized key.*throttleRat/],
  ])("refuses %o", (stage, message) => {
    expect(() => readSettings(withStage(stage))).toThrow(message);
  });

  it("reports every problem at once", () => {
    expect(() => readSettings(withStage({ slaDays: -1, defaultTermMonths: 1.5 }))).toThrow(/slaDays[\s\S]*defaultTermMonths/);
  });
});
