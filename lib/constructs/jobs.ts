import { Duration, Validations } from "aws-cdk-lib";
import { Rule, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { JobDef } from "../../lambdas/routes.ts";
import { RouteFunction } from "../route-function.ts";
import type { FunctionDefaults } from "./api.ts";
import { wakeOnAuditEvents } from "./audit-log.ts";

export const JOB_TIMEOUT = Duration.seconds(60);

export interface ScheduledJob {
  readonly job: JobDef;
  readonly fn: RouteFunction;
  readonly rule: Rule;
  readonly deadLetters: Queue;
}

/**
 * One function per manifest job, run by an EventBridge rule on the manifest's schedule. A run that
 * cannot be delivered, or that still fails after Lambda's retries, leaves a message in the job's DLQ.
 */
export class Jobs extends Construct {
  readonly jobs: ScheduledJob[] = [];

  constructor(scope: Construct, id: string, props: { readonly jobs: readonly JobDef[]; readonly defaults: FunctionDefaults }) {
    super(scope, id);
    for (const job of props.jobs) {
      const deadLetters = new Queue(this, `${job.id}-dlq`, {
        enforceSSL: true,
        encryption: QueueEncryption.SQS_MANAGED,
        retentionPeriod: Duration.days(14),
      });
      const logKey = props.defaults.data?.logKey;
      if (job.touches.logKey && !logKey) throw new Error(`${job.id}: touches the log key, but the stack has none`);
      const fn = new RouteFunction(this, job.id, {
        ...props.defaults,
        // The one function that signs: it alone is told which key.
        environment: { ...props.defaults.environment, ...(job.touches.logKey && logKey ? { AUDIT_KMS_KEY_ID: logKey.keyArn } : {}) },
        entry: `lambdas/jobs/${job.id}.ts`,
        description: `Job ${job.schedule}: ${job.summary}`,
        timeout: JOB_TIMEOUT,
        touches: job.touches,
        deadLetterQueue: deadLetters,
        // One sequencer at a time: its transactions would refuse a second anyway, this keeps it from trying.
        ...(job.onAuditEvents ? { reservedConcurrency: 1, readsTableStream: true } : {}),
      });
      if (job.onAuditEvents) wakeOnAuditEvents(fn, props.defaults.data!.table, deadLetters);
      const rule = new Rule(this, `${job.id}-schedule`, {
        description: `${job.id}: ${job.summary}`,
        schedule: Schedule.expression(job.schedule),
        targets: [new LambdaFunction(fn.function, { deadLetterQueue: deadLetters, retryAttempts: 2, maxEventAge: Duration.hours(1) })],
      });
      Validations.of(deadLetters).acknowledge({
        id: "Serverless-SQSRedrivePolicy",
        reason: "This queue is itself the dead-letter queue of the job's function and schedule; its messages wait for an operator, whom the alarm calls.",
      });
      this.jobs.push({ job, fn, rule, deadLetters });
    }
  }
}
