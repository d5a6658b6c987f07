import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Validations } from "aws-cdk-lib";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Bucket } from "aws-cdk-lib/aws-s3";
import type { IConstruct } from "constructs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../lib/app.ts";
import { cdkContext, type Synthed, synthSandbox, validationFindings } from "./support/synth.ts";

// Bundling is skipped here: cdk-nag reads the templates, not the code (sandbox-stack.test.ts runs the
// full synth and checks it is clean too).

function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
            // CDK files ids outside its own namespaces under "Annotation::"; cdk-nag reads them back the same way.
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({ path: construct.node.path, id: id.replace(/^Annotation::/, ""), reason })),
      ),
  );
}

const WEB_ACL_ARN = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/sandbox-edge/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";

describe("cdk-nag with every optional setting switched on", () => {
  let s: Synthed;
  beforeAll(() => {
    s = synthSandbox({
      bundle: false,
      stage: { alarmEmail: "alarms@example.org", documentRetentionMode: "COMPLIANCE", authDomainPrefix: "council-sandbox", webAclArn: WEB_ACL_ARN },
    });
  });
  afterAll(() => s?.dispose());

  it("puts the distribution behind the named web ACL, so nothing excuses its absence", () => {
    const distributions = Object.values(s.resources).filter((r) => r.Type === "AWS::CloudFront::Distribution");
    expect(distributions.map((d) => d.Properties?.DistributionConfig?.WebACLId)).toEqual([WEB_ACL_ARN]);
    expect(acknowledgements(s.app).filter((a) => a.id === "AwsSolutions-CFR2")).toEqual([]);
  });

  it("leaves no unacknowledged finding", () => {
    expect(s.findings).toEqual([]);
  });

  it("acknowledges on resources, never a whole stack, each with a reason and a single rule id", () => {
    const acks = acknowledgements(s.app);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.path, ack.id).not.toBe(s.stack.node.path);
      expect(ack.path.startsWith(`${s.stack.node.path}/`), ack.id).toBe(true);
      expect(ack.id, ack.path).toMatch(/^(AwsSolutions|Serverless)-[A-Za-z0-9]+(\[[^\]]+\])?$/);
      expect(ack.reason.length, `${ack.path} ${ack.id}`).toBeGreaterThan(40);
    }
    // IAM5 is only ever excused for one named resource or action.
    for (const ack of acks.filter((a) => a.id.startsWith("AwsSolutions-IAM5"))) expect(ack.id).toMatch(/\[(Resource|Action)::/);
  });

  it("acknowledges exactly the expected kinds of finding", () => {
    const kinds = [...new Set(acknowledgements(s.app).map((a) => a.id.replace(/\[.*$/, "")))].sort();
    expect(kinds).toEqual([
      "AwsSolutions-APIG4", // public routes, by the manifest
      "AwsSolutions-CFR1",
      "AwsSolutions-CFR4",
      "AwsSolutions-COG2", // MFA optional, by decision
      "AwsSolutions-IAM4", // CDK's deployment handler
      "AwsSolutions-IAM5", // object keys made at runtime; X-Ray; CDK's deployment handler
      "AwsSolutions-L1", // CDK's deployment handler
      "AwsSolutions-SMG4", // origin secret and cursor key: read at deploy time, rotated by redeploying
      "Serverless-LambdaDLQ", // synchronous functions
      "Serverless-LambdaLatestVersion",
      "Serverless-LambdaStarPermissions", // the sequencer's dynamodb:ListStreams
      "Serverless-LambdaTracing",
      "Serverless-SNSRedrivePolicy",
      "Serverless-SQSRedrivePolicy",
    ]);
  });
});

describe("the cdk-nag gate itself", () => {
  const outdirs: string[] = [];
  afterAll(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  function appWithStack() {
    const outdir = mkdtempSync(join(tmpdir(), "sandbox-nag-"));
    outdirs.push(outdir);
    return { outdir, ...buildApp(new App({ outdir, context: { ...cdkContext(), "aws:cdk:bundling-stacks": [] } })) };
  }

  it("fails the synth on an unacknowledged error", () => {
    const { app, stack, outdir } = appWithStack();
    new Bucket(stack, "CarelessBucket");
    expect(() => app.synth()).toThrow(/AwsSolutions-S1[\s\S]*CarelessBucket/);
    expect(validationFindings(outdir)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^AwsSolutions error AwsSolutions-S10 at .*CarelessBucket/)]),
    );
  });

  it("fails the synth on an unacknowledged warning too", () => {
    const { app, stack, outdir } = appWithStack();
    new LogGroup(stack, "ForeverLogs", { retention: RetentionDays.INFINITE });
    expect(() => app.synth()).toThrow(/CloudWatchLogGroupRetentionPeriod/);
    expect(validationFindings(outdir)).toEqual([expect.stringMatching(/^Serverless warning Serverless-CloudWatchLogGroupRetentionPeriod at .*ForeverLogs/)]);
  });
});
