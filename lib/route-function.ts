import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { AssetHashType, DockerImage, type Duration, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import type { IKey } from "aws-cdk-lib/aws-kms";
import { type IManagedPolicy, PolicyDocument, PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Architecture, Code, LayerVersion, LoggingFormat, Runtime, Tracing } from "aws-cdk-lib/aws-lambda";
import { LogLevel, NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { Touches } from "../lambdas/routes.ts";
import { TABLE_INDEXES } from "../lambdas/store/table-schema.ts";
import { objectsFinding } from "./nag.ts";
import { DOCUMENTS_PREFIX } from "../lambdas/store/object-keys.ts";
import { FUNCTION_DEFAULTS, SDK_LAYER_MODULES } from "./function-defaults.ts";
import { buildSdkLayer } from "./sdk-layer/build.ts";

export const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));

// Newest Node.js runtime this aws-cdk-lib knows (cdk-nag's L1 rule asks for the latest of the family).
export const RUNTIME = Runtime.NODEJS_24_X;

/** What the manifest's `touches` can point at. */
export interface DataResources {
  readonly table: ITable;
  readonly documents: IBucket;
  readonly checkpoints: IBucket;
  /** The audit log's checkpoint key (ECC_NIST_EDWARDS25519, SIGN_VERIFY). */
  readonly logKey?: IKey;
  /** Sending mail: the verified SES identity and the configuration set every message names. */
  readonly mail?: { readonly identityArn: string; readonly configurationSetArn: string; readonly configurationSetName: string; readonly fromAddress: string };
}

export interface RouteFunctionProps {
  /** Handler module relative to the project root, e.g. `lambdas/http/health.ts`; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly timeout: Duration;
  readonly memorySize?: number;
  readonly environment: Record<string, string>;
  readonly logRetention: RetentionDays;
  /** X-Ray cannot be scoped to a resource; one shared policy holds that `*` so each role stays exact. */
  readonly tracingPolicy: IManagedPolicy;
  /** The manifest entry's grants; nothing else reaches the role. Absent: the function touches no app data. */
  readonly touches?: Touches;
  readonly data?: DataResources;
  /** At most this many running at once (the audit sequencer: 1). */
  readonly reservedConcurrency?: number;
  /** Read the table's stream (the event source that wakes the function). */
  readonly readsTableStream?: boolean;
  /**
   * Asynchronous invocations that still fail after Lambda's retries land here. Absent: the function is
   * only ever invoked synchronously (API Gateway, Cognito), where the caller receives the failure.
   */
  readonly deadLetterQueue?: IQueue;
}

const TABLE_READ = ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:DescribeTable", "dynamodb:ConditionCheckItem"];
// TransactWriteItems has no IAM action of its own: each item in it is authorised as its Put/Update/Delete/ConditionCheck.
const TABLE_WRITE = [...TABLE_READ, "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"];

/** The IAM statements a manifest entry's `touches` grants: the single source of every data permission. */
export function touchesStatements(touches: Touches, data: DataResources): PolicyStatement[] {
  const { table, documents, checkpoints, mail } = data;
  const statements = [
    new PolicyStatement({
      sid: `Table${touches.table === "write" ? "Write" : "Read"}`,
      actions: touches.table === "write" ? TABLE_WRITE : TABLE_READ,
      // Each index by name, so the role holds no wildcard.
      resources: [table.tableArn, ...TABLE_INDEXES.map((index) => `${table.tableArn}/index/${index.indexName}`)],
    }),
  ];
  if (touches.documents === "read") {
    statements.push(
      new PolicyStatement({ sid: "DocumentsRead", actions: ["s3:GetObject", "s3:GetObjectVersion"], resources: [documents.arnForObjects(`${DOCUMENTS_PREFIX}*`)] }),
      // HeadBucket (the health check) is authorised as ListBucket.
      new PolicyStatement({ sid: "DocumentsBucket", actions: ["s3:ListBucket"], resources: [documents.bucketArn] }),
    );
  }
  if (touches.documents === "write") {
    // Presigned uploads are signed by this role, so the role itself needs PutObject.
    statements.push(new PolicyStatement({ sid: "DocumentsWrite", actions: ["s3:PutObject"], resources: [documents.arnForObjects(`${DOCUMENTS_PREFIX}*`)] }));
  }
  if (touches.mail) {
    if (!mail) throw new Error("touches.mail needs the mail resources");
    // Only the council's identity, only through its configuration set, only from its own address.
    statements.push(
      new PolicyStatement({
        sid: "MailSend",
        actions: ["ses:SendEmail"],
        resources: [mail.identityArn, mail.configurationSetArn],
        conditions: { StringEquals: { "ses:FromAddress": mail.fromAddress } },
      }),
    );
  }
  if (touches.checkpoints === "read") {
    statements.push(new PolicyStatement({ sid: "CheckpointsRead", actions: ["s3:GetObject"], resources: [checkpoints.arnForObjects("*")] }));
  }
  if (touches.logKey === "sign") {
    if (!data.logKey) throw new Error("touches.logKey without the log key");
    // Signs checkpoints with the key; reads its public key for the published vkey. Nothing else.
    statements.push(new PolicyStatement({ sid: "LogKeySign", actions: ["kms:Sign", "kms:GetPublicKey"], resources: [data.logKey.keyArn] }));
  }
  if (touches.checkpoints === "write") {
    // The bucket's default COMPLIANCE retention locks each object: no PutObjectRetention needed or granted.
    statements.push(new PolicyStatement({ sid: "CheckpointsWrite", actions: ["s3:PutObject"], resources: [checkpoints.arnForObjects("*")] }));
  }
  return statements;
}

/**
 * What Lambda's stream poller needs from the function's role (the role is immutable, so an event
 * source cannot add it): the table's stream records, and ListStreams, which has no resource scope.
 */
function streamStatements(table: ITable): PolicyStatement[] {
  if (!table.tableStreamArn) throw new Error("the table has no stream");
  return [
    new PolicyStatement({ sid: "TableStream", actions: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"], resources: [table.tableStreamArn] }),
    new PolicyStatement({ sid: "ListStreams", actions: ["dynamodb:ListStreams"], resources: ["*"] }),
  ];
}

/**
 * The stack's one SDK layer (lib/sdk-layer/build.ts), shared by every function: the locked AWS SDK,
 * pre-bundled. Built by esbuild during synth, hashed by its output.
 */
export function sdkLayer(scope: Construct): LayerVersion {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild("AwsSdkLayer");
  if (existing) return existing as LayerVersion;
  return new LayerVersion(stack, "AwsSdkLayer", {
    code: Code.fromAsset(join(PROJECT_ROOT, "lib", "sdk-layer"), {
      assetHashType: AssetHashType.OUTPUT,
      bundling: {
        // Only used if local bundling declined; it never does (it throws instead), so no Docker is needed.
        image: DockerImage.fromRegistry("public.ecr.aws/docker/library/node:22"),
        local: {
          tryBundle(outputDir: string): boolean {
            buildSdkLayer(outputDir);
            return true;
          },
        },
      },
    }),
    compatibleRuntimes: [RUNTIME],
    compatibleArchitectures: [Architecture.ARM_64],
    description: "AWS SDK v3 at the locked versions, pre-bundled (lib/sdk-layer/build.ts)",
  });
}

/** Only a function that may send mail is told how (lambdas/store/mailer.ts reads these). */
function mailEnvironment(touches: Touches | undefined, data: DataResources | undefined): Record<string, string> {
  if (!touches?.mail || !data?.mail) return {};
  return { MAIL_TRANSPORT: "ses", MAIL_FROM: data.mail.fromAddress, SES_CONFIGURATION_SET: data.mail.configurationSetName };
}

/** The buckets a manifest entry is granted objects of, each with the key prefix the grant is on. */
function objectGrants(touches: Touches | undefined, data: DataResources | undefined): { bucket: IBucket; prefix: string }[] {
  if (!touches || !data) return [];
  return [...(touches.documents ? [{ bucket: data.documents, prefix: DOCUMENTS_PREFIX }] : []), ...(touches.checkpoints ? [{ bucket: data.checkpoints, prefix: "" }] : [])];
}

/**
 * The one Lambda function shape: bundled ESM on arm64 with source maps and the SDK layer, active tracing, an explicit
 * log group with retention, and a role that holds exactly its log stream, its DLQ and its manifest grants.
 */
/**
 * A role and the log group its functions write to. Functions whose grants are identical share one
 * (the API's routes fall into a handful of grant sets): each role still holds exactly its grants, and
 * the stack stays far from CloudFormation's 500 resources as routes are added (a role and a log group
 * per route would put it over). In a shared log group Lambda names each stream after its function.
 */
export class FunctionIdentity extends Construct {
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: Omit<RouteFunctionProps, "entry" | "timeout" | "memorySize" | "environment" | "reservedConcurrency">) {
    super(scope, id);
    if (props.touches && !props.data) throw new Error(`${id}: touches given without the data resources`);

    this.logGroup = new LogGroup(this, "Logs", { retention: props.logRetention, removalPolicy: RemovalPolicy.RETAIN });

    const statements = [
      new PolicyStatement({ sid: "Logs", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [this.logGroup.logGroupArn] }),
      ...(props.touches && props.data ? touchesStatements(props.touches, props.data) : []),
      ...(props.deadLetterQueue
        ? [new PolicyStatement({ sid: "DeadLetters", actions: ["sqs:SendMessage"], resources: [props.deadLetterQueue.queueArn] })]
        : []),
      ...(props.readsTableStream && props.data ? streamStatements(props.data.table) : []),
    ];
    this.role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: props.description,
      inlinePolicies: { access: new PolicyDocument({ statements }) },
      managedPolicies: [props.tracingPolicy],
    });
    if (props.readsTableStream) {
      Validations.of(this.role).acknowledge({
        id: "AwsSolutions-IAM5[Resource::*]",
        reason: "dynamodb:ListStreams supports no resource-level permission (IAM service authorization reference); the stream's records are granted on the table's stream ARN only.",
      });
      Validations.of(this.role).acknowledge({
        id: "Serverless-LambdaStarPermissions",
        reason: "The one wildcard is dynamodb:ListStreams, which supports no resource-level permission; every other action of this role names its resource.",
      });
    }
    for (const { bucket, prefix } of objectGrants(props.touches, props.data)) {
      Validations.of(this.role).acknowledge({
        id: objectsFinding(bucket, prefix),
        reason: `Object keys are minted per application and document at runtime; the grant is ${JSON.stringify(props.touches)} from the route manifest, on this one bucket${prefix ? ` and only under ${prefix}` : ""}.`,
      });
    }
  }
}

/**
 * The one Lambda function shape: bundled ESM on arm64 with source maps and the SDK layer, active tracing, an explicit
 * log group with retention, and a role that holds exactly its log group, its DLQ and its manifest grants
 * (its own, or one shared by functions with the same grants: `identity`).
 */
export class RouteFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: RouteFunctionProps & { readonly identity?: FunctionIdentity }) {
    super(scope, id);
    const identity = props.identity ?? new FunctionIdentity(this, "Identity", { ...props, description: `${props.description} (${props.entry})` });
    this.role = identity.role;
    this.logGroup = identity.logGroup;

    this.function = new NodejsFunction(this, "Function", {
      entry: join(PROJECT_ROOT, props.entry),
      handler: "handler",
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, "package-lock.json"),
      description: props.description,
      runtime: RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? FUNCTION_DEFAULTS.memoryMb,
      timeout: props.timeout,
      tracing: Tracing.ACTIVE,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      deadLetterQueue: props.deadLetterQueue,
      reservedConcurrentExecutions: props.reservedConcurrency,
      // The function may not widen its own role: tracing and the DLQ would otherwise add statements here.
      role: this.role.withoutPolicyUpdates(),
      environment: { ...props.environment, ...mailEnvironment(props.touches, props.data), NODE_OPTIONS: "--enable-source-maps" },
      layers: [sdkLayer(this)],
      bundling: {
        format: OutputFormat.ESM,
        target: FUNCTION_DEFAULTS.esbuildTarget,
        mainFields: ["module", "main"],
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        logLevel: LogLevel.WARNING,
        // The SDK comes from the layer: its imports are rewritten to the layer's modules and left out.
        externalModules: [...FUNCTION_DEFAULTS.externalModules],
        esbuildArgs: { "--alias": Object.entries(SDK_LAYER_MODULES).map(([pkg, module]) => `${pkg}=${module}`) },
        banner: FUNCTION_DEFAULTS.requireBanner,
      },
    });
    if (!props.deadLetterQueue) {
      Validations.of(this.function).acknowledge({
        id: "Serverless-LambdaDLQ",
        reason: "Invoked synchronously only (API Gateway or Cognito): the caller receives the failure, and a DLQ would never be used.",
      });
    }
  }
}
