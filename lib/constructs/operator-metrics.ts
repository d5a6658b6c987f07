import { Duration, Stack } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, Dashboard, GraphWidget, type IMetric, MathExpression, Metric, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import type { Construct } from "constructs";
import { METRIC_NAMESPACE, METRIC_SERVICE, METRICS, type MetricDef } from "../../lambdas/observability/metrics-catalogue.ts";

const PERIOD = Duration.minutes(5);

/**
 * One metric of the catalogue as CloudWatch sees it. A metric with dimensions of its own (region,
 * type, job) is summed over every value with a SEARCH expression on the dashboard; an alarm cannot
 * SEARCH, so it names the values it knows (`dimensionValues`) and adds them up.
 */
function metricOf(def: MetricDef, dimensions: Record<string, string> = {}): Metric {
  return new Metric({ namespace: METRIC_NAMESPACE, metricName: def.name, dimensionsMap: { service: METRIC_SERVICE, ...dimensions }, statistic: "Sum", period: PERIOD });
}

function graphed(def: MetricDef): IMetric {
  if (!def.dimensions?.length) return metricOf(def);
  const schema = ["service", ...def.dimensions].join(",");
  return new MathExpression({
    expression: `SEARCH('{${METRIC_NAMESPACE},${schema}} MetricName="${def.name}"', 'Sum', ${PERIOD.toSeconds()})`,
    usingMetrics: {},
    period: PERIOD,
    label: def.name,
  });
}

function alarmed(def: MetricDef, dimensionValues: Readonly<Record<string, readonly string[]>>): IMetric {
  const [dimension, ...rest] = def.dimensions ?? [];
  if (!dimension) return metricOf(def);
  if (rest.length) throw new Error(`${def.name}: an alarm over more than one dimension needs a metric of its own`);
  const values = dimensionValues[dimension];
  if (!values?.length) throw new Error(`${def.name}: no known values of ${dimension} to alarm on`);
  if (values.length > 10) throw new Error(`${def.name}: a metric-math alarm takes at most 10 metrics`);
  const usingMetrics = Object.fromEntries(values.map((value, i) => [`m${i}`, metricOf(def, { [dimension]: value })]));
  return new MathExpression({ expression: Object.keys(usingMetrics).join(" + "), usingMetrics, period: PERIOD, label: `${def.name} (every ${dimension})` });
}

/**
 * The operator's view of the catalogue (lambdas/observability/metrics-catalogue.ts): a dashboard
 * widget for every metric, and an alarm for each metric the catalogue gives a threshold.
 */
export function operatorMetrics(scope: Construct, dimensionValues: Readonly<Record<string, readonly string[]>>): { dashboard: Dashboard; alarms: ((scope: Construct) => Alarm)[] } {
  const defs: MetricDef[] = Object.values(METRICS);
  const dashboard = new Dashboard(scope, "OperatorDashboard", { defaultInterval: Duration.hours(24) });
  for (let i = 0; i < defs.length; i += 3) {
    dashboard.addWidgets(...defs.slice(i, i + 3).map((def) => new GraphWidget({ title: `${def.name}: ${def.description}`, left: [graphed(def)], width: 8 })));
  }
  // Every function of this stack, one line each (its name starts with the stack's): route functions
  // have no alarm of their own (their failures are the API's 5xx), so this is where to see which one.
  const stackName = Stack.of(scope).stackName;
  dashboard.addWidgets(
    ...(["Errors", "Throttles"] as const).map(
      (name) =>
        new GraphWidget({
          title: `Lambda ${name} by function`,
          left: [new MathExpression({ expression: `SEARCH('{AWS/Lambda,FunctionName} MetricName="${name}" ${stackName}', 'Sum', ${PERIOD.toSeconds()})`, usingMetrics: {}, period: PERIOD, label: name })],
          width: 12,
        }),
    ),
  );
  const alarms = defs
    .filter((def) => def.alarm)
    .map((def) => (alarmScope: Construct) =>
      new Alarm(alarmScope, `metric-${def.name}`, {
        alarmDescription: `${def.name} reached ${def.alarm!.threshold} in five minutes: ${def.description}`,
        metric: alarmed(def, dimensionValues),
        threshold: def.alarm!.threshold,
        evaluationPeriods: def.alarm!.evaluationPeriods,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  return { dashboard, alarms };
}
