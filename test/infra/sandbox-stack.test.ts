import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type CfnElement, Stack } from "aws-cdk-lib";
import { Match } from "aws-cdk-lib/assertions";
import type { IConstruct } from "constructs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUDIT_SCOPE, GROUPS, JOBS, METER_SCOPE_PREFIX, METER_SCOPES, ROUTES, routeById, type Touches } from "../../lambdas/routes.ts";
import { REGIONS } from "../../lambdas/schemas/common.ts";
import { METRICS } from "../../lambdas/observability/metrics-catalogue.ts";
import { lambdaEvent } from "../../bench/lib/lambda-event.ts";
import { INDEX_ATTRIBUTES, TABLE_INDEXES, TABLE_KEYS, TTL_ATTRIBUTE } from "../../lambdas/store/table-schema.ts";
import { SPA_REWRITE } from "../../lib/constructs/web.ts";
import { FUNCTIONS_PER_ALARM } from "../../lib/constructs/monitoring.ts";
import type { RouteFunction } from "../../lib/route-function.ts";
import { SDK_LAYER_PACKAGE } from "../../lib/function-defaults.ts";
import { cdkContext, resourcesOfType, type Resources, type Synthed, synthSandbox } from "./support/synth.ts";

// One real synth (esbuild bundles every function, vite builds the web app, cdk-nag runs), then
// assertions on the template it produced. The manifest is walked independently of lib/.

const settings = cdkContext().sandbox;
const DEPLOYED = ROUTES.filter((r) => !r.localOnly);
const ENV_KEYS = [
  "TABLE_NAME", "DOCUMENTS_BUCKET", "CHECKPOINT_BUCKET", "FOUR_EYES_MW", "SLA_DAYS", "DEFAULT_TERM_MONTHS",
  "PRESIGN_SECONDS", "LOG_LEVEL", "POWERTOOLS_SERVICE_NAME", "NODE_OPTIONS", "AUDIT_LOG_ORIGIN", "SITE_URL", "INFO_RESPONSE_DAYS", "ORIGIN_SECRET", "CURSOR_KEY",
].sort();
/** Only functions that may send mail are told how. */
const MAIL_ENV_KEYS = ["MAIL_TRANSPORT", "MAIL_FROM", "SES_CONFIGURATION_SET"];

let s: Synthed;
let R: Resources;
beforeAll(() => {
  s = synthSandbox();
  R = s.resources;
});
afterAll(() => s?.dispose());

const id = (construct: IConstruct): string => Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
const getAtt = (construct: IConstruct, attr = "Arn") => ({ "Fn::GetAtt": [id(construct), attr] });
const ref = (construct: IConstruct) => ({ Ref: id(construct) });
const joined = (...parts: unknown[]) => ({ "Fn::Join": ["", parts] });
const props = (construct: IConstruct) => R[id(construct)].Properties!;
const functionAsset = (fn: RouteFunction) => s.assetDir(props(fn.function).Code.S3Key);
/** The SDK layer's resources (the stack's other layer is the AWS CLI that the web app's BucketDeployment brings). */
const sdkLayers = () => resourcesOfType(R, "AWS::Lambda::LayerVersion").filter(([logicalId]) => logicalId.startsWith("AwsSdkLayer"));

function manifestFunctions(): { name: string; fn: RouteFunction; kind: "route" | "job" | "trigger" | "feedback" }[] {
  return [
    ...DEPLOYED.map((route) => ({ name: route.id, fn: s.stack.api.functions.get(route.id)!, kind: "route" as const })),
    ...s.stack.jobs.jobs.map(({ job, fn }) => ({ name: job.id, fn, kind: "job" as const })),
    { name: "post-confirmation", fn: s.stack.auth.postConfirmation, kind: "trigger" as const },
    { name: "mail-feedback", fn: s.stack.mail.feedback!, kind: "feedback" as const },
  ];
}

describe("size", () => {
  it("stays well under CloudFormation's 500 resources a stack: routes with the same grants share a role and a log group", () => {
    const count = Object.keys(R).length;
    // Each new route adds a function, a permission, an integration and a route: 4 resources.
    // 460 keeps room for ten more routes; past that, split the routes into nested stacks per caller group.
    expect(count, `${count} resources`).toBeLessThanOrEqual(460);
    const roles = new Set(DEPLOYED.map((route) => id(s.stack.api.functions.get(route.id)!.role)));
    const grantSets = new Set(DEPLOYED.map((route) => JSON.stringify(Object.entries(route.touches).filter(([, v]) => v).sort())));
    expect(roles.size).toBe(grantSets.size);
    for (const route of DEPLOYED) {
      const fn = s.stack.api.functions.get(route.id)!;
      const sameGrants = DEPLOYED.filter((other) => id(s.stack.api.functions.get(other.id)!.role) === id(fn.role));
      for (const other of sameGrants) expect(other.touches, `${route.id} shares a role with ${other.id}`).toEqual(route.touches);
    }
  });
});

describe("cdk-nag", () => {
  it("leaves no unacknowledged AwsSolutions or Serverless finding", () => {
    expect(s.findings).toEqual([]);
  });
});

describe("functions", () => {
  it("makes one function per deployed route, one per job and the sign-up trigger, and nothing else of ours", () => {
    expect(s.stack.api.functions.size).toBe(DEPLOYED.length);
    for (const route of DEPLOYED) expect(s.stack.api.functions.has(route.id), route.id).toBe(true);
    expect(s.stack.jobs.jobs.map(({ job }) => job.id)).toEqual(JOBS.map((j) => j.id));
    const ours = new Set(manifestFunctions().map(({ fn }) => id(fn.function)));
    const all = resourcesOfType(R, "AWS::Lambda::Function").map(([logicalId]) => logicalId);
    expect(ours.size).toBe(DEPLOYED.length + JOBS.length + 2);
    // The only other function is CDK's own BucketDeployment handler.
    expect(all.filter((logicalId) => !ours.has(logicalId))).toEqual([expect.stringMatching(/^CustomCDKBucketDeployment/)]);
  });

  it("gives every function the same runtime, architecture, tracing, logging and source maps", () => {
    for (const { name, fn, kind } of manifestFunctions()) {
      const p = props(fn.function);
      expect(p.Runtime, name).toBe("nodejs24.x");
      expect(p.Architectures, name).toEqual(["arm64"]);
      expect(p.TracingConfig, name).toEqual({ Mode: "Active" });
      expect(p.Handler, name).toBe("index.handler");
      expect(p.MemorySize, name).toBe(kind === "trigger" ? 256 : 512);
      expect(p.Timeout, name).toBe({ route: 10, job: 60, trigger: 5, feedback: 30 }[kind]);
      expect(p.LoggingConfig, name).toEqual({ LogFormat: "JSON", LogGroup: ref(fn.logGroup) });
      expect(props(fn.logGroup).RetentionInDays, name).toBe(settings.logRetentionDays);
      expect(p.Environment.Variables.NODE_OPTIONS, name).toBe("--enable-source-maps");
    }
  });

  it("passes the application environment to every route and job function", () => {
    const mailing = new Set(JOBS.filter((j) => j.touches.mail).map((j) => j.id));
    expect(mailing).toEqual(new Set(["notifier"]));
    for (const { name, fn, kind } of manifestFunctions().filter((f) => f.kind !== "trigger")) {
      const env = props(fn.function).Environment.Variables;
      // Only the function that signs checkpoints is told the key, and only those that may send mail how.
      const signs = JOBS.some((j) => j.id === name && j.touches.logKey === "sign");
      expect(Object.keys(env).sort(), `${kind} ${name}`).toEqual([...ENV_KEYS, ...(signs ? ["AUDIT_KMS_KEY_ID"] : []), ...(mailing.has(name) ? MAIL_ENV_KEYS : [])].sort());
      if (signs) expect(env.AUDIT_KMS_KEY_ID).toEqual(getAtt(s.stack.logKey.key));
      expect(env).toMatchObject({
        TABLE_NAME: ref(s.stack.data.table),
        DOCUMENTS_BUCKET: ref(s.stack.documents.documents),
        CHECKPOINT_BUCKET: ref(s.stack.documents.checkpoints),
        FOUR_EYES_MW: String(settings.fourEyesMw),
        SLA_DAYS: String(settings.slaDays),
        DEFAULT_TERM_MONTHS: String(settings.defaultTermMonths),
        PRESIGN_SECONDS: String(settings.presignSeconds),
        LOG_LEVEL: settings.logLevel,
        POWERTOOLS_SERVICE_NAME: "sandbox-registry",
        AUDIT_LOG_ORIGIN: `${settings.stageName}.sandbox-registry/log`,
      });
    }
  });

  it("ships each handler as a minified ESM bundle with a source map and a real require()", () => {
    for (const { name, fn } of manifestFunctions()) {
      const dir = functionAsset(fn);
      const code = readFileSync(join(dir, "index.mjs"), "utf8");
      expect(code.startsWith("import { createRequire as __createRequire } from 'node:module';"), name).toBe(true);
      expect(existsSync(join(dir, "index.mjs.map")), name).toBe(true);
      // Minified: a few dozen lines (unminified, these bundles run to thousands).
      expect(code.split("\n").length, `${name} is minified`).toBeLessThan(200);
    }
  });

  it("takes the AWS SDK from the one SDK layer, which exports every name a bundle imports; the S3 client only where a bucket is touched", async () => {
    const layers = sdkLayers();
    expect(layers).toHaveLength(1);
    const [layerId, layer] = layers[0];
    const layerDir = join(s.assetDir(layer.Properties!.Content.S3Key), "nodejs", "node_modules", SDK_LAYER_PACKAGE);
    const exported = new Map<string, Set<string>>();
    const exportsOf = async (module: string) => {
      if (!exported.has(module)) exported.set(module, new Set(Object.keys(await import(pathToFileURL(join(layerDir, module)).href))));
      return exported.get(module)!;
    };
    const touches = new Map<string, Touches>([...DEPLOYED, ...JOBS].map((entry) => [entry.id, entry.touches]));
    for (const { name, fn } of manifestFunctions()) {
      expect(props(fn.function).Layers, name).toEqual([{ Ref: layerId }]);
      const code = readFileSync(join(functionAsset(fn), "index.mjs"), "utf8");
      // The SDK's own code never lands in a bundle (the endpoint rule sets are in every copy of the
      // DynamoDB or S3 client), and no import names the SDK's packages: each is the layer's module.
      expect(code.includes("dynamodb.{Region}") || code.includes("s3.{Region}"), `${name} bundles the SDK`).toBe(false);
      // (An import, a dynamic import or a require: a bundled package.json naming the SDK, as nodemailer's does, is no import.)
      expect(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)"@aws-sdk\//.test(code), `${name} imports an SDK package directly`).toBe(false);
      const modules = new Set<string>();
      for (const [, names, module] of code.matchAll(new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*"${SDK_LAYER_PACKAGE}/([^"]+)"`, "g"))) {
        modules.add(module);
        const available = await exportsOf(module);
        for (const imported of names.split(",").map((n) => n.trim().split(/\s+as\s+/)[0]).filter(Boolean)) {
          expect(available.has(imported), `${name}: ${module} exports ${imported}`).toBe(true);
        }
      }
      const touched = touches.get(name);
      if (touched?.table) expect(modules.has("client-dynamodb.mjs"), name).toBe(true);
      expect(modules.has("client-s3.mjs"), `${name} imports the S3 client`).toBe(Boolean(touched?.documents || touched?.checkpoints));
    }
  });

  it("links every function's bundle against the SDK layer in plain Node.js, as Lambda loads them, and the OpenAPI function answers", () => {
    const [[, layer]] = sdkLayers();
    const root = mkdtempSync(join(tmpdir(), "function-bundles-"));
    try {
      // Lambda resolves the layer's /opt/nodejs/node_modules; here a node_modules beside the bundles.
      const layerModules = join(s.assetDir(layer.Properties!.Content.S3Key), "nodejs", "node_modules");
      symlinkSync(layerModules, join(root, "node_modules"), "dir");
      const names = manifestFunctions().map(({ name, fn }) => {
        mkdirSync(join(root, name));
        copyFileSync(join(functionAsset(fn), "index.mjs"), join(root, name, "index.mjs"));
        return name;
      });
      writeFileSync(join(root, "event.json"), JSON.stringify(lambdaEvent(routeById("openapi"))));
      // A child process, not this test's module runner: ES module linking there is Node's own, so a
      // name a bundle imports and the layer does not export fails the import.
      writeFileSync(
        join(root, "load.mjs"),
        `import { readFileSync } from "node:fs";
const loaded = {};
for (const name of ${JSON.stringify(names)}) loaded[name] = typeof (await import("./" + name + "/index.mjs")).handler;
const { handler } = await import("./openapi/index.mjs");
const answer = await handler(JSON.parse(readFileSync(new URL("./event.json", import.meta.url), "utf8")), { awsRequestId: "infra-test", getRemainingTimeInMillis: () => 10000 });
process.stdout.write(JSON.stringify({ loaded, status: answer.statusCode, openapi: JSON.parse(answer.body).openapi }));
`,
      );
      const out = execFileSync(process.execPath, [join(root, "load.mjs")], {
        env: { PATH: process.env.PATH, TABLE_NAME: "t", DOCUMENTS_BUCKET: "d", CHECKPOINT_BUCKET: "c", AWS_REGION: "us-east-1", LOG_LEVEL: "SILENT", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
        encoding: "utf8",
      });
      const result = JSON.parse(out) as { loaded: Record<string, string>; status: number; openapi: string };
      expect(result.loaded).toEqual(Object.fromEntries(names.map((name) => [name, "function"])));
      expect(result.status).toBe(200);
      expect(result.openapi).toMatch(/^3\.1/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("describes each route function by its method and path", () => {
    for (const route of DEPLOYED) {
      expect(props(s.stack.api.functions.get(route.id)!.function).Description).toBe(`${route.method} ${route.path}: ${route.summary}`);
    }
  });
});

describe("IAM: each role holds exactly what its manifest entry touches", () => {
  const TABLE_READ = ["dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:Query"];
  const TABLE_WRITE = [...TABLE_READ, "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem"].sort();

  function expected(fn: RouteFunction, touches: Touches | undefined, deadLetters?: IConstruct, stream = false) {
    const table = s.stack.data.table;
    const { documents, checkpoints } = s.stack.documents;
    const objects = (bucket: IConstruct, prefix = "") => joined(getAtt(bucket), `/${prefix}*`);
    const statements: { Action: string | string[]; Resource: unknown }[] = [
      { Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: getAtt(fn.logGroup) },
    ];
    if (touches) {
      statements.push({
        Action: touches.table === "write" ? TABLE_WRITE : TABLE_READ,
        Resource: [getAtt(table), ...TABLE_INDEXES.map((index) => joined(getAtt(table), `/index/${index.indexName}`))],
      });
      if (touches.documents === "read") {
        statements.push({ Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: objects(documents, "applications/") });
        statements.push({ Action: "s3:ListBucket", Resource: getAtt(documents) });
      }
      if (touches.documents === "write") statements.push({ Action: "s3:PutObject", Resource: objects(documents, "applications/") });
      if (touches.logKey === "sign") statements.push({ Action: ["kms:GetPublicKey", "kms:Sign"], Resource: getAtt(s.stack.logKey.key) });
      if (touches.mail) statements.push({ Action: "ses:SendEmail", Resource: [s.stack.mail.configurationSetArn, s.stack.mail.identityArn].map((arn) => s.stack.resolve(arn)) });
      if (touches.checkpoints === "write") statements.push({ Action: "s3:PutObject", Resource: objects(checkpoints) });
    }
    if (deadLetters) statements.push({ Action: "sqs:SendMessage", Resource: getAtt(deadLetters) });
    if (stream) {
      statements.push({ Action: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"], Resource: getAtt(table, "StreamArn") });
      statements.push({ Action: "dynamodb:ListStreams", Resource: "*" });
    }
    return statements;
  }

  function actual(fn: RouteFunction) {
    const role = props(fn.role);
    expect(role.Policies).toHaveLength(1);
    return role.Policies[0].PolicyDocument.Statement.map((st: Record<string, unknown>) => {
      expect(st.Effect).toBe("Allow");
      // The one conditioned grant: mail only from the council's own address.
      if (st.Action === "ses:SendEmail") expect(st.Condition).toEqual({ StringEquals: { "ses:FromAddress": settings.mailFrom } });
      else expect(st.Condition).toBeUndefined();
      return { Action: Array.isArray(st.Action) ? [...st.Action].sort() : st.Action, Resource: st.Resource };
    });
  }

  const everyAction = (fn: RouteFunction): string[] => actual(fn).flatMap((st: { Action: string | string[] }) => [st.Action].flat());

  it("route roles: logs, then the table, then documents/checkpoints as the manifest says", () => {
    for (const route of DEPLOYED) {
      const fn = s.stack.api.functions.get(route.id)!;
      expect(actual(fn), route.id).toEqual(expected(fn, route.touches));
    }
  });

  it("job roles: the same, plus sending to their own dead-letter queue; the sequencer also signs with the log key and reads the table's stream", () => {
    for (const { job, fn, deadLetters } of s.stack.jobs.jobs) {
      expect(actual(fn), job.id).toEqual(expected(fn, job.touches, deadLetters, job.onAuditEvents === true));
    }
  });

  it("read-only entries cannot write and entries without documents have no S3 action", () => {
    for (const entry of [...DEPLOYED, ...JOBS]) {
      const fn = s.stack.api.functions.get(entry.id) ?? s.stack.jobs.jobs.find((j) => j.job.id === entry.id)!.fn;
      const actions = everyAction(fn);
      if (entry.touches.table === "read") {
        expect(actions.filter((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(a)), entry.id).toEqual([]);
      }
      if (!entry.touches.documents && !entry.touches.checkpoints) expect(actions.filter((a) => a.startsWith("s3:")), entry.id).toEqual([]);
      if (entry.touches.documents !== "write" && !entry.touches.checkpoints) expect(actions, entry.id).not.toContain("s3:PutObject");
      expect(actions.filter((a) => a.includes("*")), entry.id).toEqual([]);
    }
  });

  it("no role gets anything beside its inline policy and the shared X-Ray policy", () => {
    const tracing = resourcesOfType(R, "AWS::IAM::ManagedPolicy");
    expect(tracing).toHaveLength(1);
    const [tracingId, tracingPolicy] = tracing[0];
    expect(tracingPolicy.Properties!.PolicyDocument.Statement).toEqual([
      { Action: ["xray:PutTelemetryRecords", "xray:PutTraceSegments"], Effect: "Allow", Resource: "*" },
    ]);
    const attachedPolicies = resourcesOfType(R, "AWS::IAM::Policy");
    for (const { name, fn } of manifestFunctions()) {
      const role = props(fn.role);
      expect(role.ManagedPolicyArns, name).toEqual([{ Ref: tracingId }]);
      expect(role.AssumeRolePolicyDocument.Statement, name).toEqual([
        { Action: "sts:AssumeRole", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" } },
      ]);
      const extra = attachedPolicies.filter(([, p]) => JSON.stringify(p.Properties!.Roles).includes(`"${id(fn.role)}"`));
      expect(extra.length, name).toBe(name === "post-confirmation" ? 1 : 0);
    }
  });

  it("the sign-up trigger may only add users to groups of this user pool", () => {
    const fn = s.stack.auth.postConfirmation;
    expect(actual(fn)).toEqual(expected(fn, undefined));
    const [, policy] = resourcesOfType(R, "AWS::IAM::Policy").find(([, p]) => JSON.stringify(p.Properties!.Roles).includes(id(fn.role)))!;
    expect(policy.Properties!.PolicyDocument.Statement).toEqual([
      { Action: "cognito-idp:AdminAddUserToGroup", Effect: "Allow", Resource: getAtt(s.stack.auth.userPool) },
    ]);
  });
});

describe("HTTP API", () => {
  const routeKey = (r: { method: string; path: string }) => `${r.method} ${r.path}`;
  const routes = () => new Map(resourcesOfType(R, "AWS::ApiGatewayV2::Route").map(([, r]) => [r.Properties!.RouteKey as string, r.Properties!]));

  it("has exactly one route per deployed manifest route, each integrated with its own function", () => {
    const byKey = routes();
    expect([...byKey.keys()].sort()).toEqual(DEPLOYED.map(routeKey).sort());
    const integrations = new Map(resourcesOfType(R, "AWS::ApiGatewayV2::Integration").map(([logicalId, r]) => [logicalId, r.Properties!]));
    for (const route of DEPLOYED) {
      const target = byKey.get(routeKey(route))!.Target["Fn::Join"][1][1].Ref as string;
      const integration = integrations.get(target)!;
      expect(integration.IntegrationType, route.id).toBe("AWS_PROXY");
      expect(integration.PayloadFormatVersion, route.id).toBe("2.0");
      expect(integration.IntegrationUri, route.id).toEqual(getAtt(s.stack.api.functions.get(route.id)!.function));
    }
  });

  it("puts the JWT authorizer on every non-public route and none on public ones", () => {
    const byKey = routes();
    const [people, auditors, grid] = ["People", "Auditors", "GridOperators"].map(
      (name) => resourcesOfType(R, "AWS::ApiGatewayV2::Authorizer").find(([, a]) => a.Properties!.Name === name)![0],
    );
    for (const route of DEPLOYED) {
      const r = byKey.get(routeKey(route))!;
      if (route.access.public) {
        expect(r.AuthorizationType ?? "NONE", route.id).toBe("NONE");
        expect(r.AuthorizerId, route.id).toBeUndefined();
        expect(r.AuthorizationScopes, route.id).toBeUndefined();
      } else if (route.access.scopes?.includes(AUDIT_SCOPE)) {
        expect(r.AuthorizationType, route.id).toBe("JWT");
        expect(r.AuthorizerId, route.id).toEqual({ Ref: auditors });
        // The M2M client carries the scope; a person's session carries "openid"; the handler checks the role.
        expect(r.AuthorizationScopes, route.id).toEqual([AUDIT_SCOPE, "openid"]);
      } else if (route.access.scopes?.length) {
        // A grid operator's client carries its region's scope; people's groups on the same route need "openid".
        expect(route.access.scopes, route.id).toEqual(METER_SCOPES);
        expect(r.AuthorizationType, route.id).toBe("JWT");
        expect(r.AuthorizerId, route.id).toEqual({ Ref: grid });
        expect(r.AuthorizationScopes, route.id).toEqual([...METER_SCOPES, ...(route.access.groups.length ? ["openid"] : [])]);
      } else {
        expect(r.AuthorizationType, route.id).toBe("JWT");
        expect(r.AuthorizerId, route.id).toEqual({ Ref: people });
        expect(r.AuthorizationScopes, route.id).toBeUndefined();
      }
    }
  });

  it("trusts the user pool, with people's routes open to the web client only", () => {
    const { userPool, webClient, auditClient } = s.stack.auth;
    const issuer = joined("https://cognito-idp.", { Ref: "AWS::Region" }, ".amazonaws.com/", ref(userPool));
    s.template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      Name: "People",
      AuthorizerType: "JWT",
      IdentitySource: ["$request.header.Authorization"],
      JwtConfiguration: { Audience: [ref(webClient)], Issuer: issuer },
    });
    s.template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      Name: "Auditors",
      AuthorizerType: "JWT",
      JwtConfiguration: { Audience: [ref(webClient), ref(auditClient)], Issuer: issuer },
    });
    s.template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      Name: "GridOperators",
      AuthorizerType: "JWT",
      JwtConfiguration: { Audience: [ref(webClient), ...REGIONS.map((region) => ref(s.stack.auth.gridClients.get(region)!))], Issuer: issuer },
    });
  });

  it("has no CORS (same origin through CloudFront), and a throttled stage with JSON access logs", () => {
    expect(props(s.stack.api.httpApi).CorsConfiguration).toBeUndefined();
    const stage = props(s.stack.api.stage);
    expect(stage.StageName).toBe("$default");
    expect(stage.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: settings.throttleRate, ThrottlingBurstLimit: settings.throttleBurst });
    expect(stage.AccessLogSettings.DestinationArn).toEqual(getAtt(s.stack.api.accessLogs));
    expect(JSON.parse(stage.AccessLogSettings.Format)).toMatchObject({ requestId: "$context.requestId", status: "$context.status" });
    expect(props(s.stack.api.accessLogs).RetentionInDays).toBe(settings.logRetentionDays);
  });
});

describe("DynamoDB table", () => {
  it("is on-demand with PITR, deletion protection, TTL, encryption and the schema's indexes with their projections", () => {
    const p = props(s.stack.data.table);
    expect(p.BillingMode).toBe("PAY_PER_REQUEST");
    expect(p.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(p.DeletionProtectionEnabled).toBe(true);
    expect(p.TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
    expect(p.SSESpecification).toEqual({ SSEEnabled: true });
    expect(p.KeySchema).toEqual([
      { AttributeName: TABLE_KEYS.partitionKey, KeyType: "HASH" },
      { AttributeName: TABLE_KEYS.sortKey, KeyType: "RANGE" },
    ]);
    expect(p.GlobalSecondaryIndexes).toEqual(
      TABLE_INDEXES.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: "HASH" },
          { AttributeName: index.sortKey, KeyType: "RANGE" },
        ],
        // The pending audit events' index carries whole events (only the backlog is in it).
        Projection: index.projection === "all" ? { ProjectionType: "ALL" } : { ProjectionType: "INCLUDE", NonKeyAttributes: [...INDEX_ATTRIBUTES] },
      })),
    );
    expect(R[id(s.stack.data.table)]).toMatchObject({ DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" });
  });
});

describe("S3 buckets", () => {
  const BLOCK_ALL = { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true };

  function bucketPolicy(bucket: IConstruct) {
    const found = resourcesOfType(R, "AWS::S3::BucketPolicy").find(([, p]) => JSON.stringify(p.Properties!.Bucket) === JSON.stringify(ref(bucket)));
    return found![1].Properties!.PolicyDocument.Statement as Record<string, any>[];
  }

  it("every bucket blocks public access, refuses plain HTTP and encrypts at rest", () => {
    const buckets = resourcesOfType(R, "AWS::S3::Bucket");
    expect(buckets).toHaveLength(4);
    for (const [logicalId, bucket] of buckets) {
      expect(bucket.Properties!.PublicAccessBlockConfiguration, logicalId).toEqual(BLOCK_ALL);
      expect(bucket.Properties!.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm, logicalId).toBe("AES256");
      const policy = resourcesOfType(R, "AWS::S3::BucketPolicy").find(([, p]) => p.Properties!.Bucket.Ref === logicalId)![1];
      expect(policy.Properties!.PolicyDocument.Statement, logicalId).toContainEqual(
        expect.objectContaining({ Effect: "Deny", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
      );
    }
  });

  it("documents: versioned, Object Lock with default retention, upload CORS for the web origin, lifecycle, access logs", () => {
    const { documents } = s.stack.documents;
    const p = props(documents);
    expect(p.VersioningConfiguration).toEqual({ Status: "Enabled" });
    expect(p.ObjectLockEnabled).toBe(true);
    expect(p.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: "Enabled",
      Rule: { DefaultRetention: { Mode: settings.documentRetentionMode, Days: settings.documentRetentionDays } },
    });
    expect(p.CorsConfiguration.CorsRules).toEqual([
      expect.objectContaining({
        AllowedMethods: ["PUT", "POST"],
        AllowedOrigins: [joined("https://", getAtt(s.stack.web.distribution, "DomainName"))],
      }),
    ]);
    expect(p.LifecycleConfiguration.Rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: "Enabled" }),
        expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: settings.documentRetentionDays }, Status: "Enabled" }),
      ]),
    );
    expect(p.LoggingConfiguration).toEqual({ DestinationBucketName: expect.objectContaining({ Ref: expect.any(String) }), LogFilePrefix: "documents/" });
    expect(R[id(documents)].DeletionPolicy).toBe("Retain");
  });

  it("checkpoints: versioned, Object Lock in COMPLIANCE mode for the configured days", () => {
    const p = props(s.stack.documents.checkpoints);
    expect(p.VersioningConfiguration).toEqual({ Status: "Enabled" });
    expect(p.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: "Enabled",
      Rule: { DefaultRetention: { Mode: "COMPLIANCE", Days: settings.checkpointRetentionDays } },
    });
    expect(p.LoggingConfiguration.LogFilePrefix).toBe("checkpoints/");
  });

  it("the web bucket is readable by this distribution only (OAC)", () => {
    expect(bucketPolicy(s.stack.web.bucket)).toContainEqual(
      expect.objectContaining({
        Effect: "Allow",
        Action: "s3:GetObject",
        Principal: { Service: "cloudfront.amazonaws.com" },
        Condition: {
          StringEquals: {
            "AWS:SourceArn": joined("arn:", { Ref: "AWS::Partition" }, ":cloudfront::", { Ref: "AWS::AccountId" }, ":distribution/", ref(s.stack.web.distribution)),
          },
        },
      }),
    );
  });
});

describe("Cognito", () => {
  it("lets applicants sign up with a verified e-mail, optional TOTP MFA, a strong password and threat protection", () => {
    const p = props(s.stack.auth.userPool);
    expect(p.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(false);
    expect(p.AutoVerifiedAttributes).toEqual(["email"]);
    expect(p.UsernameAttributes).toEqual(["email"]);
    expect(p.MfaConfiguration).toBe("OPTIONAL");
    expect(p.EnabledMfas).toEqual(["SOFTWARE_TOKEN_MFA"]);
    expect(p.Policies.PasswordPolicy).toMatchObject({
      MinimumLength: 12,
      RequireLowercase: true,
      RequireUppercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
    });
    expect(p.UserPoolTier).toBe("PLUS");
    expect(p.UserPoolAddOns).toEqual({ AdvancedSecurityMode: "ENFORCED" });
    expect(p.DeletionProtection).toBe("ACTIVE");
    expect(p.LambdaConfig).toEqual({ PostConfirmation: getAtt(s.stack.auth.postConfirmation.function) });
  });

  it("has exactly the manifest's groups", () => {
    const groups = resourcesOfType(R, "AWS::Cognito::UserPoolGroup").map(([, g]) => g.Properties!.GroupName).sort();
    expect(groups).toEqual([...GROUPS].sort());
  });

  it("defines the audit scope on a resource server and a client-credentials client that holds only it", () => {
    const [identifier, scopeName] = AUDIT_SCOPE.split("/");
    s.template.hasResourceProperties("AWS::Cognito::UserPoolResourceServer", { Identifier: identifier, Scopes: Match.arrayWith([Match.objectLike({ ScopeName: scopeName })]) });
    const audit = props(s.stack.auth.auditClient);
    expect(audit.AllowedOAuthFlows).toEqual(["client_credentials"]);
    expect(audit.GenerateSecret).toBe(true);
    expect(audit.AllowedOAuthScopes).toEqual([joined({ Ref: expect.stringMatching(/ResourceServer/) }, `/${scopeName}`)]);
    expect(audit.ExplicitAuthFlows).toEqual(["ALLOW_REFRESH_TOKEN_AUTH"]);
  });

  it("defines a meter scope per region and one client-credentials client per region that holds only its own", () => {
    const [identifier] = METER_SCOPE_PREFIX.split("/");
    const [, server] = resourcesOfType(R, "AWS::Cognito::UserPoolResourceServer")[0];
    const scopeNames = server.Properties!.Scopes.map((scope: { ScopeName: string }) => `${identifier}/${scope.ScopeName}`);
    expect(scopeNames.sort()).toEqual([AUDIT_SCOPE, ...METER_SCOPES].sort());
    expect([...s.stack.auth.gridClients.keys()]).toEqual([...REGIONS]);
    for (const [region, client] of s.stack.auth.gridClients) {
      const p = props(client);
      expect(p.AllowedOAuthFlows, region).toEqual(["client_credentials"]);
      expect(p.GenerateSecret, region).toBe(true);
      expect(p.AllowedOAuthScopes, region).toEqual([joined({ Ref: expect.stringMatching(/ResourceServer/) }, `/${METER_SCOPE_PREFIX.slice(identifier.length + 1)}${region}`)]);
    }
  });

  it("gives the web app a public authorization-code client that returns to the CloudFront origin", () => {
    const web = props(s.stack.auth.webClient);
    const origin = joined("https://", getAtt(s.stack.web.distribution, "DomainName"), "/");
    expect(web.GenerateSecret).toBe(false);
    expect(web.AllowedOAuthFlows).toEqual(["code"]);
    expect(web.AllowedOAuthScopes).toEqual(["openid", "email", "profile"]);
    expect(web.CallbackURLs).toEqual([origin]);
    expect(web.LogoutURLs).toEqual([origin]);
    expect(web.SupportedIdentityProviders).toEqual(["COGNITO"]);
  });

  it("has a hosted UI domain", () => {
    expect(props(s.stack.auth.domain).Domain).toEqual(joined(`${settings.stageName}-registry-`, { Ref: "AWS::AccountId" }));
  });
});

describe("CloudFront", () => {
  const config = () => props(s.stack.web.distribution).DistributionConfig;

  it("serves the web bucket through OAC with security headers and the SPA rewrite, and no error-page rewriting", () => {
    const c = config();
    expect(c.DefaultRootObject).toBe("index.html");
    expect(c.CustomErrorResponses).toBeUndefined();
    const s3Origin = c.Origins.find((o: any) => o.S3OriginConfig);
    expect(s3Origin.DomainName).toEqual(getAtt(s.stack.web.bucket, "RegionalDomainName"));
    expect(s3Origin.OriginAccessControlId).toEqual({ "Fn::GetAtt": [expect.stringMatching(/OriginAccessControl/), "Id"] });
    expect(c.DefaultCacheBehavior).toMatchObject({
      TargetOriginId: s3Origin.Id,
      ViewerProtocolPolicy: "redirect-to-https",
      ResponseHeadersPolicyId: { Ref: expect.stringMatching(/SecurityHeaders/) },
      FunctionAssociations: [{ EventType: "viewer-request", FunctionARN: expect.anything() }],
    });
    expect(c.Logging).toMatchObject({ Prefix: "cloudfront/" });
    s.template.hasResourceProperties("AWS::CloudFront::OriginAccessControl", {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: "s3", SigningBehavior: "always", SigningProtocol: "sigv4" }),
    });
  });

  it("sends /api/* to the HTTP API uncached, with every viewer header but Host and every method", () => {
    const c = config();
    expect(c.CacheBehaviors).toHaveLength(1);
    const api = c.CacheBehaviors[0];
    const origin = c.Origins.find((o: any) => o.Id === api.TargetOriginId);
    expect(api.PathPattern).toBe("/api/*");
    expect(origin.DomainName).toEqual(joined(ref(s.stack.api.httpApi), ".execute-api.", { Ref: "AWS::Region" }, ".", { Ref: "AWS::URLSuffix" }));
    expect(origin.CustomOriginConfig).toEqual({ OriginProtocolPolicy: "https-only", OriginSSLProtocols: ["TLSv1.2"] });
    expect(api.CachePolicyId).toBe("4135ea2d-6df8-44a3-9df3-4b5a84be39ad"); // Managed-CachingDisabled
    expect(api.OriginRequestPolicyId).toBe("b689b0a8-53d0-40ab-baf2-68738e2966ac"); // Managed-AllViewerExceptHostHeader
    expect(api.AllowedMethods.sort()).toEqual(["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]);
    expect(api.ViewerProtocolPolicy).toBe("https-only");
  });

  it("adds the generated origin secret to every /api/* request, and every function checks that same secret", () => {
    const c = config();
    const origin = c.Origins.find((o: any) => o.Id === c.CacheBehaviors[0].TargetOriginId);
    const secretRef = (secret: IConstruct) => joined("{{resolve:secretsmanager:", ref(secret), ":SecretString:::}}");
    expect(origin.OriginCustomHeaders).toEqual([{ HeaderName: "x-origin-verify", HeaderValue: secretRef(s.stack.secrets.originSecret) }]);
    s.template.hasResourceProperties("AWS::SecretsManager::Secret", { GenerateSecretString: Match.objectLike({ PasswordLength: 48 }) });
    for (const { name, fn } of manifestFunctions().filter((f) => f.kind === "route")) {
      const env = props(fn.function).Environment.Variables;
      expect(env.ORIGIN_SECRET, name).toEqual(secretRef(s.stack.secrets.originSecret));
      expect(env.CURSOR_KEY, name).toEqual(secretRef(s.stack.secrets.cursorKey));
    }
  });

  it("sets HSTS, CSP, frame, nosniff and referrer headers", () => {
    const [, policy] = resourcesOfType(R, "AWS::CloudFront::ResponseHeadersPolicy")[0];
    const headers = policy.Properties!.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(headers.StrictTransportSecurity).toEqual({ AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true, Override: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: "DENY", Override: true });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: "strict-origin-when-cross-origin", Override: true });
    const csp = JSON.stringify(headers.ContentSecurityPolicy.ContentSecurityPolicy);
    for (const directive of ["default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'", ".amazoncognito.com"]) {
      expect(csp).toContain(directive);
    }
  });

  it("rewrites client-side routes to the app shell and leaves files alone", () => {
    const handler = new Function(`${SPA_REWRITE}; return handler;`)() as (e: { request: { uri: string } }) => { uri: string };
    const rewrite = (uri: string) => handler({ request: { uri } }).uri;
    expect(rewrite("/")).toBe("/index.html");
    expect(rewrite("/applications/123")).toBe("/index.html");
    expect(rewrite("/audit")).toBe("/index.html");
    expect(rewrite("/assets/index-abc.js")).toBe("/assets/index-abc.js");
    expect(rewrite("/config.json")).toBe("/config.json");
    const [, fn] = resourcesOfType(R, "AWS::CloudFront::Function")[0];
    expect(fn.Properties!.FunctionCode).toBe(SPA_REWRITE);
  });

  it("deploys the web bundle plus a config.json describing the hosted UI sign-in, then invalidates", () => {
    const [, deployment] = resourcesOfType(R, "Custom::CDKBucketDeployment")[0];
    expect(deployment.Properties).toMatchObject({
      DestinationBucketName: ref(s.stack.web.bucket),
      DistributionId: ref(s.stack.web.distribution),
      DistributionPaths: ["/*"],
      Prune: true,
    });
    expect(deployment.Properties!.SourceObjectKeys).toHaveLength(2);
    const config = s.stack.resolve(s.stack.auth.webConfig(s.stack.web.origin));
    expect(config).toEqual({
      auth: {
        kind: "cognito",
        domain: joined("https://", ref(s.stack.auth.domain), ".auth.", { Ref: "AWS::Region" }, ".amazoncognito.com"),
        clientId: ref(s.stack.auth.webClient),
        redirectUri: joined("https://", getAtt(s.stack.web.distribution, "DomainName"), "/"),
        scopes: ["openid", "email", "profile"],
      },
    });
    // The deploy-time values reach config.json through the deployment's markers.
    expect(Object.values(deployment.Properties!.SourceMarkers[1])).toEqual(
      expect.arrayContaining([ref(s.stack.auth.domain), ref(s.stack.auth.webClient), getAtt(s.stack.web.distribution, "DomainName")]),
    );
  });
});

describe("scheduled jobs and alarms", () => {
  const alarms = () => resourcesOfType(R, "AWS::CloudWatch::Alarm").map(([, a]) => a.Properties!);

  it("runs each job on its manifest schedule with retries and a dead-letter queue", () => {
    for (const { job, fn, rule, deadLetters } of s.stack.jobs.jobs) {
      const p = props(rule);
      expect(p.ScheduleExpression, job.id).toBe(job.schedule);
      expect(p.Targets, job.id).toEqual([
        expect.objectContaining({
          Arn: getAtt(fn.function),
          DeadLetterConfig: { Arn: getAtt(deadLetters) },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
        }),
      ]);
      expect(props(fn.function).DeadLetterConfig, job.id).toEqual({ TargetArn: getAtt(deadLetters) });
      expect(props(deadLetters).SqsManagedSseEnabled, job.id).toBe(true);
      const [, queuePolicy] = resourcesOfType(R, "AWS::SQS::QueuePolicy").find(([, q]) => JSON.stringify(q.Properties!.Queues) === JSON.stringify([ref(deadLetters)]))!;
      expect(queuePolicy.Properties!.PolicyDocument.Statement, job.id).toContainEqual(
        expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
      );
      expect(alarms(), job.id).toContainEqual(
        expect.objectContaining({
          MetricName: "ApproximateNumberOfMessagesVisible",
          Dimensions: [{ Name: "QueueName", Value: getAtt(deadLetters, "QueueName") }],
          Threshold: 1,
        }),
      );
    }
  });

  it("alarms on the API's 5xx and on the errors and throttles of every function no caller waits on, all notifying one topic", () => {
    const topic = ref(s.stack.monitoring.topic);
    const all = alarms();
    for (const alarm of all) expect(alarm.AlarmActions).toEqual([topic]);
    expect(all).toContainEqual(
      expect.objectContaining({ Namespace: "AWS/ApiGateway", MetricName: "5xx", Dimensions: [{ Name: "ApiId", Value: ref(s.stack.api.httpApi) }] }),
    );
    let throttlesExpected = 0;
    let alarmed = 0;
    for (const { name, fn, kind } of manifestFunctions()) {
      const dimensions = JSON.stringify([{ Name: "FunctionName", Value: ref(fn.function) }]);
      const isFn = (m: any) => JSON.stringify(m.MetricStat?.Metric?.Dimensions) === dimensions;
      const watched = all.filter((a) => (a.Metrics ?? []).some(isFn) || JSON.stringify(a.Dimensions) === dimensions);
      if (kind === "route") {
        // Its caller gets the failure as a 5xx: the API's alarm above watches it, no alarm of its own.
        expect(watched, name).toEqual([]);
        continue;
      }
      alarmed++;
      if (JOBS.some((j) => j.id === name && j.onAuditEvents)) {
        throttlesExpected++;
        // Reserved concurrency 1: its throttles are by design, so only its errors alarm.
        expect(watched.filter((a) => a.MetricName === "Errors"), name).toHaveLength(1);
        continue;
      }
      expect(watched, name).toHaveLength(1);
      const names = watched[0].Metrics.filter(isFn).map((m: any) => m.MetricStat.Metric.MetricName).sort();
      expect(names, name).toEqual(["Errors", "Throttles"]);
      // The alarm's one expression adds up every metric it watches, and names the function.
      expect(watched[0].Metrics.filter((m: any) => m.MetricStat).length).toBeLessThanOrEqual(2 * FUNCTIONS_PER_ALARM);
      expect(watched[0].AlarmDescription.replace(/ /g, "-"), name).toContain(name);
    }
    // The API's 5xx, the grouped errors-and-throttles alarms, the errors-only ones, each dead-letter queue
    // (every job's, mail feedback's) and the pending-event age.
    const grouped = Math.ceil((alarmed - throttlesExpected) / FUNCTIONS_PER_ALARM);
    const catalogued = Object.values(METRICS).filter((m) => "alarm" in m).length;
    expect(all).toHaveLength(1 + grouped + throttlesExpected + JOBS.length + 1 + 1 + catalogued);
  });

  it("shows every function's errors and throttles on the dashboard, one line a function of this stack", () => {
    const [[, dashboard]] = resourcesOfType(R, "AWS::CloudWatch::Dashboard");
    const body = JSON.stringify(dashboard.Properties!.DashboardBody);
    for (const name of ["Errors", "Throttles"]) {
      expect(body).toContain(`Lambda ${name} by function`);
      // The expression names the metric and then this stack, whose name every function's starts with.
      expect(body).toMatch(new RegExp(`SEARCH\\('\\{AWS/Lambda,FunctionName\\} MetricName=[\\\\"]+${name}[\\\\"]+ ${s.stack.stackName}'`));
    }
  });

  it("alarms on every catalogued metric that has a threshold, over every value of its dimension", () => {
    const all = alarms();
    for (const def of Object.values(METRICS)) {
      if (!("alarm" in def)) continue;
      const alarm = all.find((a) => a.AlarmDescription?.startsWith(`${def.name} reached`))!;
      expect(alarm, def.name).toBeDefined();
      expect(alarm.Threshold, def.name).toBe(def.alarm.threshold);
      expect(alarm.EvaluationPeriods, def.name).toBe(def.alarm.evaluationPeriods);
      const stats = alarm.Metrics ? alarm.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric) : [{ Namespace: alarm.Namespace, MetricName: alarm.MetricName, Dimensions: alarm.Dimensions }];
      for (const metric of stats) {
        expect(metric.Namespace, def.name).toBe("SandboxRegistry");
        expect(metric.MetricName, def.name).toBe(def.name);
        expect(metric.Dimensions, def.name).toContainEqual({ Name: "service", Value: "sandbox-registry" });
      }
      const dimension = "dimensions" in def ? def.dimensions[0] : undefined;
      if (dimension === "job") expect(stats.map((m: any) => m.Dimensions.find((d: any) => d.Name === "job").Value).sort(), def.name).toEqual(JOBS.map((j) => j.id).sort());
    }
  });

  it("draws a dashboard widget for every catalogued metric", () => {
    const [[, dashboard]] = resourcesOfType(R, "AWS::CloudWatch::Dashboard");
    const body = JSON.stringify(dashboard.Properties!.DashboardBody);
    for (const def of Object.values(METRICS)) expect(body, def.name).toContain(`${def.name}: `);
  });

  it("alarms when the oldest pending audit event is older than 60 s, or the sequencer stops reporting", () => {
    expect(alarms()).toContainEqual(
      expect.objectContaining({
        Namespace: "SandboxRegistry/AuditLog",
        MetricName: "OldestPendingSeconds",
        Statistic: "Maximum",
        Period: 60,
        Threshold: 60,
        ComparisonOperator: "GreaterThanThreshold",
        TreatMissingData: "breaching",
      }),
    );
  });

  it("wakes the sequencer from the table's stream on new audit events, one run at a time, failures to its dead-letter queue", () => {
    const sequencer = s.stack.jobs.jobs.find(({ job }) => job.onAuditEvents)!;
    expect(props(sequencer.fn.function).ReservedConcurrentExecutions).toBe(1);
    expect(props(s.stack.data.table).StreamSpecification).toEqual({ StreamViewType: "KEYS_ONLY" });
    s.template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: ref(sequencer.fn.function),
      EventSourceArn: getAtt(s.stack.data.table, "StreamArn"),
      StartingPosition: "LATEST",
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ["INSERT"], dynamodb: { Keys: { pk: { S: [{ prefix: "EVT#" }] } } } }) }] },
      DestinationConfig: { OnFailure: { Destination: getAtt(sequencer.deadLetters) } },
    });
    s.template.hasResourceProperties("AWS::KMS::Key", { KeySpec: "ECC_NIST_EDWARDS25519", KeyUsage: "SIGN_VERIFY" });
  });

  it("the alarm topic refuses plain HTTP publishers", () => {
    s.template.hasResourceProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } })]) },
    });
  });
});

describe("the template as a whole", () => {
  it("has no dependency cycle (CloudFormation would refuse it; CDK does not check within a stack)", () => {
    const edges = new Map<string, Set<string>>();
    const collect = (value: unknown, into: Set<string>): void => {
      if (Array.isArray(value)) value.forEach((v) => collect(v, into));
      else if (value && typeof value === "object") {
        for (const [key, v] of Object.entries(value)) {
          if (key === "Ref" && typeof v === "string") into.add(v);
          else if (key === "Fn::GetAtt") into.add(Array.isArray(v) ? v[0] : String(v).split(".")[0]);
          else collect(v, into);
        }
      }
    };
    for (const [logicalId, resource] of Object.entries(R)) {
      const deps = new Set<string>([resource.DependsOn ?? []].flat());
      collect(resource.Properties, deps);
      edges.set(logicalId, new Set([...deps].filter((d) => d in R)));
    }
    const state = new Map<string, "visiting" | "done">();
    const cycleFrom = (node: string, path: string[]): string[] | undefined => {
      state.set(node, "visiting");
      for (const next of edges.get(node)!) {
        if (state.get(next) === "visiting") return [...path, node, next];
        if (!state.has(next)) {
          const found = cycleFrom(next, [...path, node]);
          if (found) return found;
        }
      }
      state.set(node, "done");
      return undefined;
    };
    for (const node of edges.keys()) if (!state.has(node)) expect(cycleFrom(node, [])).toBeUndefined();
  });

  it("stays region- and account-agnostic (no literal account or region)", () => {
    const text = JSON.stringify(s.template.toJSON());
    expect(text).not.toMatch(/\b\d{12}\b/);
    expect(text).not.toMatch(/\b(us|eu|ap|sa|ca|me|af)-(east|west|north|south|central|northeast|southeast)-\d\b/);
  });
});
