import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { Key, KeySpec, KeyUsage } from "aws-cdk-lib/aws-kms";
import { FilterCriteria, FilterRule, StartingPosition } from "aws-cdk-lib/aws-lambda";
import { DynamoEventSource, SqsDlq } from "aws-cdk-lib/aws-lambda-event-sources";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { RouteFunction } from "../route-function.ts";

// The audit log's AWS wiring (docs/sequencer.md): the checkpoint key, the stream that wakes the
// sequencer when a change commits an event, and the alarm on the age of the oldest pending event.

/** What lambdas/jobs/audit-sequencer.ts publishes (EMF). */
export const AUDIT_METRICS_NAMESPACE = "SandboxRegistry/AuditLog";
/** The product promises every event in a signed checkpoint within 60 s on AWS. */
export const OLDEST_PENDING_ALARM_SECONDS = 60;

/** The KMS key that signs checkpoints: Ed25519, sign and verify only; its private half never leaves KMS. */
export class LogKey extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new Key(this, "Key", {
      description: "Signs the audit log's checkpoints (C2SP signed note, Ed25519)",
      keySpec: KeySpec.ECC_NIST_EDWARDS25519,
      keyUsage: KeyUsage.SIGN_VERIFY,
      // Auditors pin its public key; losing it would orphan every checkpoint signed so far.
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
  }
}

/**
 * Wakes the sequencer on every committed audit event: DynamoDB Streams (keys only) with a filter on
 * new items under EVT#, in batches, so a burst of commits is one run. The records themselves are not
 * read (the run takes whatever is pending), so a batch that fails is retried twice and then left
 * to the sweep: its record goes to the job's dead-letter queue for the operator.
 */
export function wakeOnAuditEvents(fn: RouteFunction, table: ITable, deadLetters: IQueue): void {
  fn.function.addEventSource(
    new DynamoEventSource(table, {
      startingPosition: StartingPosition.LATEST,
      batchSize: 1000,
      maxBatchingWindow: Duration.seconds(1),
      retryAttempts: 2,
      bisectBatchOnError: false,
      maxRecordAge: Duration.hours(1),
      onFailure: new SqsDlq(deadLetters),
      filters: [FilterCriteria.filter({ eventName: FilterRule.isEqual("INSERT"), dynamodb: { Keys: { pk: { S: [{ prefix: "EVT#" }] } } } })],
    }),
  );
}

/** Fires when the oldest unsequenced event has waited over 60 s, or when the sequencer stops reporting. */
export function oldestPendingAlarm(scope: Construct): Alarm {
  return new Alarm(scope, "AuditOldestPending", {
    alarmDescription: `An audit event has waited more than ${OLDEST_PENDING_ALARM_SECONDS} s for the sequencer (or the sequencer stopped reporting)`,
    metric: new Metric({ namespace: AUDIT_METRICS_NAMESPACE, metricName: "OldestPendingSeconds", statistic: "Maximum", period: Duration.minutes(1) }),
    threshold: OLDEST_PENDING_ALARM_SECONDS,
    evaluationPeriods: 2,
    datapointsToAlarm: 2,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    // The sweep reports every minute even when idle: silence means the sequencer is not running.
    treatMissingData: TreatMissingData.BREACHING,
  });
}
