import type { Benchmark } from "./lib/context.ts";
import { atMost, reportOnly, type Figure } from "./lib/figures.ts";
import { measuredJourney, type JourneyMeasure } from "./lib/measured-journey.ts";

// Dollars per 1,000 applications taken from draft to licence, from what the measured journey used:
// DynamoDB on-demand request units, Lambda requests and GB-seconds (warm handler time measured here,
// billed per started millisecond, times the memory the CDK construct configures), HTTP API requests
// and S3 requests (the browser's presigned uploads plus what the handlers send).
// Floor: the same journey if every operation used only its minimum DynamoDB units.
// Not counted: free tiers, cold starts, CloudFront, Cognito, CloudWatch Logs, X-Ray, S3 storage.

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

const BUDGET_PER_1000 = 0.05;

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
    const figures: Figure[] = [
      atMost("cost per 1,000 applications, draft to licence", actual.total * k, "USD", BUDGET_PER_1000, { floor: floor.total * k }),
      reportOnly("cost per 1,000: DynamoDB", actual.dynamodb * k, "USD", { floor: floor.dynamodb * k }),
      reportOnly("cost per 1,000: Lambda (requests + GB-s)", actual.lambda * k, "USD"),
      reportOnly("cost per 1,000: HTTP API requests", actual.httpApi * k, "USD"),
      reportOnly("cost per 1,000: S3 requests", actual.s3 * k, "USD"),
    ];
    return figures;
  },
};
