import type { Node } from "constructs";
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import * as z from "zod";

// The one place that reads deployment context. cdk.json holds one block per stage; `-c stage=<name>`
// picks the block (default "sandbox"), and a wrong or missing value fails the synth here, naming the field.

const LOG_RETENTION_DAYS = Object.values(RetentionDays).filter((v): v is number => typeof v === "number" && v > 0);

const positiveInt = z.number().int().positive();

export const StageSettings = z
  .object({
    /** Names the stack and its resources; lower-case so it can sit in bucket and domain names. */
    stageName: z.string().regex(/^[a-z][a-z0-9-]{1,20}$/, "lower-case letters, digits and dashes, 2-21 characters"),
    logRetentionDays: z
      .number()
      .refine((days) => LOG_RETENTION_DAYS.includes(days), `one of CloudWatch's retention periods: ${LOG_RETENTION_DAYS.join(", ")}`),
    documentRetentionDays: positiveInt.max(36_500),
    /** GOVERNANCE lets a privileged role lift the lock (lawful erasure); COMPLIANCE lets nobody. */
    documentRetentionMode: z.enum(["GOVERNANCE", "COMPLIANCE"]).default("GOVERNANCE"),
    checkpointRetentionDays: positiveInt.max(36_500),
    fourEyesMw: z.number().positive(),
    slaDays: positiveInt,
    defaultTermMonths: positiveInt,
    /** Presigned links are signed with the function's temporary credentials and die with them: keep them short. */
    presignSeconds: positiveInt.max(3_600).default(300),
    logLevel: z.enum(["DEBUG", "INFO", "WARN", "ERROR"]).default("INFO"),
    throttleRate: z.number().positive(),
    throttleBurst: positiveInt,
    /** Hosted UI prefix (`<prefix>.auth.<region>.amazoncognito.com`); default `<stageName>-registry-<account id>`. */
    authDomainPrefix: z
      .string()
      .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, "lower-case letters, digits and dashes")
      .refine((p) => !/aws|amazon|cognito/.test(p), "Cognito refuses prefixes containing aws, amazon or cognito")
      .optional(),
    /**
     * The audit log's origin: the first line of every signed checkpoint and the checkpoint key's name,
     * so it names this deployment's log uniquely (e.g. registry.council.example/log). Default
     * `<stageName>.sandbox-registry/log`.
     */
    auditLogOrigin: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]*(?:\/[a-z0-9._-]+)*$/, "a host-like name with an optional path, e.g. registry.council.example/log")
      .max(100)
      .optional(),
    /**
     * Notices are mailed from this address through Amazon SES; `mailIdentity` is the SES identity that
     * verifies it (the address itself, or its domain), verified in the account before deploying.
     */
    mailFrom: z.email(),
    mailIdentity: z.string().regex(/^(?:[^@\s]+@)?[a-z0-9.-]+\.[a-z]{2,}$/i, "an e-mail address or a domain verified in SES"),
    /** Days a firm has to answer an information request (shown in the notice). */
    infoResponseDays: positiveInt.default(30),
    /** Alarm notifications go to this address when set (the subscription must be confirmed from the mail). */
    alarmEmail: z.email().optional(),
    /**
     * A WAF web ACL for the distribution (AWS managed rules, rate limits). CloudFront takes only an ACL
     * of scope CLOUDFRONT, which lives in us-east-1; this stack is region-agnostic, so the council
     * creates the ACL there and names it here (docs/deploy.md).
     */
    webAclArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/[\w-]+\/[\w-]+$/, "a WAFv2 web ACL ARN of scope CLOUDFRONT (arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>)")
      .optional(),
  })
  .strict();

export type StageSettings = z.infer<typeof StageSettings>;

export const DEFAULT_STAGE = "sandbox";

/** Reads `stage` and that stage's block from the app context and checks it; throws a readable error. */
export function readSettings(node: Node): StageSettings {
  const stage = String(node.tryGetContext("stage") ?? DEFAULT_STAGE);
  const raw: unknown = node.tryGetContext(stage);
  if (raw === undefined) throw new Error(`cdk.json has no context block "${stage}" (chosen with -c stage=${stage})`);
  const parsed = StageSettings.safeParse(typeof raw === "string" ? JSON.parse(raw) : raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${[stage, ...i.path].join(".")}: ${i.message}`);
    throw new Error(`invalid settings in cdk.json context:\n  ${problems.join("\n  ")}`);
  }
  return parsed.data;
}
