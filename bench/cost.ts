import type { Benchmark } from "./lib/context.ts";
import { atMost, reportOnly, type Figure } from "./lib/figures.ts";
import { measuredJourney, type JourneyMeasure } from "./lib/measured-journey.ts";
import { councilMonth, FIXED_PRICES } from "./lib/council-month.ts";

// Dollars per 1,000 applications taken from draft to licence, from what the measured journey used:
// DynamoDB on-demand request units, Lambda requests and GB-seconds (warm handler time measured here,
// billed per started millisecond, times the memory the CDK construct configures), HTTP API requests
// and S3 requests (the browser's presigned uploads plus what the handlers send).
// Floor: the same journey if every operation used only its minimum DynamoDB units.
// The budgeted figure is a council's month (bench/lib/council-month.ts): those per-request costs for
// the month's traffic plus what the stack costs by the month (Cognito, KMS, CloudWatch, logs, X-Ray,
// storage, mail). Not counted: free tiers other than X-Ray's, cold starts, CloudFront, a WAF.

/**
 * AWS list prices, us-east-1, as published in mid-2025 (DynamoDB on-demand after the 1 Nov 2024 cut).
 * The stack's region may differ (the event fixtures show ap-south-1, where most of these are the same
 * or a few per cent higher); check aws.amazon.com/pricing before relying on the last cent.
 */
export const PRICES = {
  asOf: "2025-06 list prices, us-east-1",
  lambdaGbSecondArm64: 0.0000133334,
  lambdaGbSecondX86: 0.0000166667,
  lambdaRequest: 0.2 / 1e6,
  httpApiRequest: 1.0 / 1e6,
  dynamoReadUnit: 0.125 / 1e6,
  dynamoWriteUnit: 0.625 / 1e6,
  s3PutClassRequest: 0.005 / 1e3,
  s3GetClassRequest: 0.0004 / 1e3,
} as const;

/** The audit-log issue's budget: a council's whole month, fixed costs included (bench/lib/council-month.ts). */
const BUDGET_MONTH_USD = 100;

export interface CostBreakdown {
  lambda: number;
  httpApi: number;
  dynamodb: number;
  s3: number;
  total: number;
}

export function costPerApplication(journey: JourneyMeasure, memoryMb: number, arm64: boolean, minimumUnits = false): CostBreakdown {
  const ops = journey.ops.filter((op) => op.inJourney);
  const gbSecond = arm64 ? PRICES.lambdaGbSecondArm64 : PRICES.lambdaGbSecondX86;
  let requests = 0;
  let lambda = 0;
  let dynamodb = 0;
  let s3 = journey.clientS3PutsPerApplication * PRICES.s3PutClassRequest;
  for (const op of ops) {
    const n = op.perApplication;
    requests += n;
    lambda += n * (PRICES.lambdaRequest + (op.meanBilledMs / 1000) * (memoryMb / 1024) * gbSecond);
    const [r, w] = minimumUnits ? [op.minRcu, op.minWcu] : [op.rcu, op.wcu];
    dynamodb += n * (r * PRICES.dynamoReadUnit + w * PRICES.dynamoWriteUnit);
    s3 += n * (op.s3Put * PRICES.s3PutClassRequest + op.s3Get * PRICES.s3GetClassRequest);
  }
  const httpApi = requests * PRICES.httpApiRequest;
  return { lambda, httpApi, dynamodb, s3, total: lambda + httpApi + dynamodb + s3 };
}

export const costBenchmark: Benchmark = {
  name: "cost",
  async run(ctx) {
    const journey = await measuredJourney(ctx);
    const arm64 = ctx.cdk.architecture === "arm64";
    const actual = costPerApplication(journey, ctx.cdk.memoryMb, arm64);
    const floor = costPerApplication(journey, ctx.cdk.memoryMb, arm64, true);
    const k = 1000;
    const ops = journey.ops.filter((op) => op.inJourney);
    ctx.detail(
      `cost: per application ${ops.reduce((n, op) => n + op.perApplication, 0)} API calls (${ops.map((op) => `${op.routeId} x${op.perApplication}`).join(", ")}) + ${journey.clientS3PutsPerApplication} presigned uploads; ` +
        `Lambda ${ctx.cdk.memoryMb} MB ${arm64 ? "arm64" : "x86_64"}; prices: ${PRICES.asOf}.`,
    );
    const calls = ops.reduce((n, op) => n + op.perApplication, 0);
    const month = councilMonth(actual.total, actual.total / calls, calls);
    ctx.detail(`cost: a council's month (${FIXED_PRICES.asOf}), ${month.requests} API requests: ${month.lines.map((l) => `${l.name} $${l.usd.toFixed(2)} (${l.note})`).join("; ")}.`);
    const [largest, second] = month.lines;
    const figures: Figure[] = [
      atMost("cost: a council's month, fixed costs included", month.total, "USD", BUDGET_MONTH_USD, {
        note: `largest: ${largest.name} $${largest.usd.toFixed(2)}, ${second.name} $${second.usd.toFixed(2)}`,
      }),
      reportOnly("cost per 1,000 applications, draft to licence", actual.total * k, "USD", { floor: floor.total * k }),
      reportOnly("cost per 1,000: DynamoDB", actual.dynamodb * k, "USD", { floor: floor.dynamodb * k }),
      reportOnly("cost per 1,000: Lambda (requests + GB-s)", actual.lambda * k, "USD"),
      reportOnly("cost per 1,000: HTTP API requests", actual.httpApi * k, "USD"),
      reportOnly("cost per 1,000: S3 requests", actual.s3 * k, "USD"),
    ];
    return figures;
  },
};
