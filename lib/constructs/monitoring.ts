import { Duration, Validations } from "aws-cdk-lib";
import type { HttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import { Alarm, ComparisonOperator, MathExpression, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { RouteFunction } from "../route-function.ts";

export interface MonitoringProps {
  readonly httpApi: HttpApi;
  /** Every function of the stack, by a readable name. */
  readonly functions: ReadonlyMap<string, RouteFunction>;
  readonly deadLetterQueues: ReadonlyMap<string, IQueue>;
  readonly alarmEmail?: string;
  /** Functions whose throttles are expected (reserved concurrency by design): their alarm watches errors only. */
  readonly throttlesExpected?: ReadonlySet<string>;
  /** Further alarms of the stack's own metrics, notifying the same topic. */
  readonly extraAlarms?: ReadonlyArray<(scope: Construct) => Alarm>;
}

const PERIOD = Duration.minutes(5);
/**
 * Functions per errors-and-throttles alarm. One alarm a function would put the stack over
 * CloudFormation's 500 resources; a metric-math alarm takes at most 10 metrics, two a function.
 */
export const FUNCTIONS_PER_ALARM = 5;
/** 5xx answers in five minutes before anyone is told; one 503 from a dependency blip is not news. */
export const API_5XX_THRESHOLD = 5;

/** Alarms on the API's 5xx, each function's errors and throttles, and every dead-letter queue. */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.topic = new Topic(this, "AlarmTopic", { displayName: "Sandbox registry alarms", enforceSSL: true });
    if (props.alarmEmail) {
      const subscription = this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
      Validations.of(subscription).acknowledge({
        id: "Serverless-SNSRedrivePolicy",
        reason: "An e-mail subscription: an alarm mail that cannot be delivered has nobody to read a queue either; the alarm state stays in CloudWatch.",
      });
    }

    this.add(
      new Alarm(this, "Api5xx", {
        alarmDescription: `The API answered ${API_5XX_THRESHOLD} or more 5xx in five minutes`,
        metric: props.httpApi.metricServerError({ period: PERIOD, statistic: "Sum" }),
        threshold: API_5XX_THRESHOLD,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    const grouped: [string, RouteFunction][] = [];
    for (const [name, routeFunction] of props.functions) {
      const fn = routeFunction.function;
      if (!props.throttlesExpected?.has(name)) {
        grouped.push([name, routeFunction]);
        continue;
      }
      this.add(
        new Alarm(this, `${name}-errors`, {
          alarmDescription: `${name}: Lambda errors`,
          metric: fn.metricErrors({ statistic: "Sum", period: PERIOD }),
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    // Errors and throttles together (a throttle is as much a failed request as an error), a few
    // functions an alarm; its description names them, and each function's metrics show which one.
    for (let i = 0; i < grouped.length; i += FUNCTIONS_PER_ALARM) {
      const group = grouped.slice(i, i + FUNCTIONS_PER_ALARM);
      const names = group.map(([name]) => name);
      const usingMetrics = Object.fromEntries(
        group.flatMap(([, { function: fn }], j) => [
          [`e${j}`, fn.metricErrors({ statistic: "Sum" })],
          [`t${j}`, fn.metricThrottles({ statistic: "Sum" })],
        ]),
      );
      this.add(
        new Alarm(this, `functions-${i / FUNCTIONS_PER_ALARM + 1}-errors`, {
          alarmDescription: `Lambda errors or throttles in: ${names.join(", ")}`,
          metric: new MathExpression({ expression: Object.keys(usingMetrics).join(" + "), usingMetrics, period: PERIOD, label: `errors + throttles (${names.join(", ")})` }),
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }

    for (const [name, queue] of props.deadLetterQueues) {
      this.add(
        new Alarm(this, `${name}-dead-letters`, {
          alarmDescription: `${name}: a run failed for good and waits in its dead-letter queue`,
          metric: queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: "Maximum" }),
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }

    for (const make of props.extraAlarms ?? []) this.add(make(this));
  }

  private add(alarm: Alarm): void {
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
