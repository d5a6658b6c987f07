import { mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { build } from "esbuild";
import { ROUTES } from "../../lambdas/routes.ts";
import { PROJECT_ROOT } from "../../local/paths.ts";
import type { BenchContext } from "./context.ts";
import { cdkEsbuildOptions } from "./cdk-settings.ts";
import { buildSdkLayer } from "../../lib/sdk-layer/build.ts";

// Every route bundled exactly as the CDK construct bundles it, once per run (bundles and cold-init
// share them), next to the SDK layer they import (lib/sdk-layer/build.ts, resolved from node_modules
// beside them as Lambda resolves it from /opt/nodejs/node_modules), plus three floors bundled the same way:
//   empty     a handler that returns 200 and imports nothing (the cold-init floor),
//   dynamodb  the DynamoDB document client and one GetItem: what any DynamoDB route must carry,
//   s3        that plus the S3 client and the URL presigner: what any S3 route must carry,
// and, for comparison, the dynamodb floor shipped the two other ways: with the SDK left to the Lambda
// runtime's own copy (CDK's default; the project's node_modules plays it) and with the SDK bundled in.

export interface Bundle {
  id: string;
  file: string;
  bytes: number;
}

export interface Bundles {
  routes: Map<string, Bundle>;
  floors: { empty: Bundle; dynamodb: Bundle; s3: Bundle; powertoolsDynamodb: Bundle; powertoolsS3: Bundle; dynamodbRuntimeSdk: Bundle; dynamodbSdkBundled: Bundle };
  /** Bytes of the SDK layer's files. */
  layerBytes: number;
}

function treeBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? treeBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0);
}

const POWERTOOLS_PRELUDE = `import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
const logger = new Logger({ serviceName: "sandbox-registry" });
const metrics = new Metrics({ namespace: "SandboxRegistry", serviceName: "sandbox-registry" });
`;

const FLOOR_SOURCES = {
  empty: `export const handler = async () => ({ statusCode: 200, body: "" });\n`,
  dynamodb: `import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT }));
export const handler = async () => {
  const { Item } = await ddb.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: "AUDIT", sk: "HEAD" } }));
  return { statusCode: 200, body: JSON.stringify(Item ?? null) };
};
`,
  s3: `import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT }));
const s3 = new S3Client({ endpoint: process.env.S3_ENDPOINT, forcePathStyle: true });
export const handler = async () => {
  const { Item } = await ddb.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: "AUDIT", sk: "HEAD" } }));
  const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: process.env.DOCUMENTS_BUCKET, Key: "x" }), { expiresIn: 60 });
  return { statusCode: 200, body: JSON.stringify({ Item, url }) };
};
`,
  // What every route builds before its own code: the SDK client(s) and the Powertools Logger and
  // Metrics, one log line, one call, the metrics flushed. The cold-init budget is against these.
  powertoolsDynamodb: `${POWERTOOLS_PRELUDE}import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT }));
export const handler = async (event, context) => {
  logger.addContext(context);
  const { Item } = await ddb.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: "AUDIT", sk: "HEAD" } }));
  logger.info("floor", { found: Boolean(Item) });
  metrics.addMetric("Floor", "Count", 1);
  metrics.publishStoredMetrics();
  return { statusCode: 200, body: JSON.stringify(Item ?? null) };
};
`,
  powertoolsS3: `${POWERTOOLS_PRELUDE}import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT }));
const s3 = new S3Client({ endpoint: process.env.S3_ENDPOINT, forcePathStyle: true });
export const handler = async (event, context) => {
  logger.addContext(context);
  const { Item } = await ddb.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: "AUDIT", sk: "HEAD" } }));
  const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: process.env.DOCUMENTS_BUCKET, Key: "x" }), { expiresIn: 60 });
  logger.info("floor", { found: Boolean(Item) });
  metrics.addMetric("Floor", "Count", 1);
  metrics.publishStoredMetrics();
  return { statusCode: 200, body: JSON.stringify({ Item, url }) };
};
`,
} as const;

async function bundleAll(ctx: BenchContext): Promise<Bundles> {
  const out = join(ctx.tmp, "bundles");
  const floorSrc = join(ctx.tmp, "floor-src");
  mkdirSync(floorSrc, { recursive: true });
  const entryPoints: Record<string, string> = {};
  for (const route of ROUTES) if (!route.localOnly) entryPoints[route.id] = join(PROJECT_ROOT, "lambdas", "http", `${route.id}.ts`);
  for (const [name, source] of Object.entries(FLOOR_SOURCES)) {
    const file = join(floorSrc, `${name}.mjs`);
    writeFileSync(file, source);
    entryPoints[`floor-${name}`] = file;
  }
  // One esbuild call for all entries: the same output as one call per function (no code splitting), in a fraction of the time.
  const started = performance.now();
  const result = await build({ ...cdkEsbuildOptions(ctx.cdk), entryPoints, outdir: out, outExtension: { ".js": ".mjs" }, metafile: true, write: true });
  ctx.log(`bundled ${Object.keys(entryPoints).length} entries in ${Math.round(performance.now() - started)} ms`);
  // The bundles import the SDK from the layer (cdk-settings.ts): built as the stack builds it, and put
  // where Node resolves it from the bundles, as Lambda resolves /opt/nodejs/node_modules.
  const layer = join(ctx.tmp, "sdk-layer");
  const layerPackage = buildSdkLayer(layer);
  symlinkSync(join(layer, "nodejs", "node_modules"), join(out, "node_modules"), "dir");
  const byId = new Map<string, Bundle>();
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    if (!output.entryPoint || file.endsWith(".map")) continue;
    // Named after the entryPoints key: <outdir>/<id>.mjs.
    const id = basename(file, ".mjs");
    byId.set(id, { id, file: resolve(PROJECT_ROOT, file), bytes: output.bytes });
  }
  const floor = (name: string) => {
    const b = byId.get(`floor-${name}`);
    if (!b) throw new Error(`bench: floor ${name} was not bundled`);
    byId.delete(`floor-${name}`);
    return b;
  };
  const floors = { empty: floor("empty"), dynamodb: floor("dynamodb"), s3: floor("s3"), powertoolsDynamodb: floor("powertoolsDynamodb"), powertoolsS3: floor("powertoolsS3") };

  // For comparison only: the DynamoDB floor shipped the two other ways (not deployed).
  const comparison = async (id: string, external: string[], nodeModules: string | undefined): Promise<Bundle> => {
    const dir = join(ctx.tmp, `bundles-${id}`);
    const built = await build({
      ...cdkEsbuildOptions(ctx.cdk),
      external,
      alias: {},
      entryPoints: { [id]: entryPoints["floor-dynamodb"] },
      outdir: dir,
      outExtension: { ".js": ".mjs" },
      metafile: true,
      write: true,
    });
    if (nodeModules) symlinkSync(nodeModules, join(dir, "node_modules"), "dir");
    const [file, output] = Object.entries(built.metafile.outputs).find(([f, o]) => o.entryPoint && !f.endsWith(".map"))!;
    return { id, file: resolve(PROJECT_ROOT, file), bytes: output.bytes };
  };
  return {
    routes: byId,
    floors: {
      ...floors,
      dynamodbRuntimeSdk: await comparison("floor-dynamodb-runtime-sdk", ["@aws-sdk/*"], join(PROJECT_ROOT, "node_modules")),
      dynamodbSdkBundled: await comparison("floor-dynamodb-sdk-bundled", [], undefined),
    },
    layerBytes: treeBytes(layerPackage),
  };
}

export function bundles(ctx: BenchContext): Promise<Bundles> {
  return ctx.once("bundles", () => bundleAll(ctx));
}
