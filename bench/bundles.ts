import { ROUTES } from "../lambdas/routes.ts";
import type { Benchmark } from "./lib/context.ts";
import { atMost, reportOnly, type Figure } from "./lib/figures.ts";
import { bundles } from "./lib/bundle.ts";

// Minified bundle bytes per route, as CDK ships them. Budget: 250 KB for a DynamoDB-only route,
// 400 KB for a route that touches a bucket (manifest touches.documents or touches.checkpoints).
// No ratio: the SDK is in the shared SDK layer, so the SDK floors are a few hundred bytes. They are
// reported, with the layer's size and the DynamoDB floor shipped the two other ways, for scale.

const KB = 1024;

export const bundlesBenchmark: Benchmark = {
  name: "bundles",
  async run(ctx) {
    const built = await bundles(ctx);
    const figures: Figure[] = [];
    for (const route of ROUTES) {
      const bundle = built.routes.get(route.id);
      if (!bundle) continue;
      const withS3 = Boolean(route.touches.documents || route.touches.checkpoints);
      figures.push(atMost(`bundle ${route.id}${withS3 ? " (S3)" : ""}`, bundle.bytes / KB, "KB", withS3 ? 400 : 250));
    }
    figures.push(reportOnly("bundle floor: DynamoDB client + GetItem", built.floors.dynamodb.bytes / KB, "KB", { note: "floor" }));
    figures.push(reportOnly("bundle floor: + S3 client + presigner", built.floors.s3.bytes / KB, "KB", { note: "floor" }));
    figures.push(reportOnly("SDK layer, every file (shared by every function, not in its bundle)", built.layerBytes / KB, "KB"));
    figures.push(reportOnly("bundle floor: DynamoDB client + GetItem, SDK from the runtime", built.floors.dynamodbRuntimeSdk.bytes / KB, "KB", { note: "not deployed" }));
    figures.push(reportOnly("bundle floor: DynamoDB client + GetItem, SDK bundled in", built.floors.dynamodbSdkBundled.bytes / KB, "KB", { note: "not deployed" }));
    return figures;
  },
};
