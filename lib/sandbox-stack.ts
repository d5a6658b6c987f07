import { CfnOutput, Stack, type StackProps, Validations } from "aws-cdk-lib";
import { ManagedPolicy, PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { Dashboard } from "aws-cdk-lib/aws-cloudwatch";
import type { Construct } from "constructs";
import { JOBS, ROUTES } from "../lambdas/routes.ts";
import { AccessLogs } from "./constructs/access-logs.ts";
import { LogKey, oldestPendingAlarm } from "./constructs/audit-log.ts";
import { Api, type FunctionDefaults } from "./constructs/api.ts";
import { ApiSecrets } from "./constructs/api-secrets.ts";
import { Auth, hostedUiUrl } from "./constructs/auth.ts";
import { Data } from "./constructs/data.ts";
import { Documents } from "./constructs/documents.ts";
import { Jobs } from "./constructs/jobs.ts";
import { Mail } from "./constructs/mail.ts";
import { Monitoring } from "./constructs/monitoring.ts";
import { operatorMetrics } from "./constructs/operator-metrics.ts";
import { Web } from "./constructs/web.ts";
import type { RouteFunction } from "./route-function.ts";
import type { StageSettings } from "./settings.ts";
import type { WebBundle } from "./web-bundle.ts";

export interface SandboxStackProps extends StackProps {
  readonly settings: StageSettings;
  /** Where the web app's files come from; looked up on disk (lib/web-bundle.ts) when not given. */
  readonly webBundle?: WebBundle;
}

/**
 * The whole registry in one region-agnostic stack. The route manifest decides the functions, their
 * routes, who may call them and exactly what each may touch.
 */
export class SandboxStack extends Stack {
  readonly api: Api;
  readonly auth: Auth;
  readonly web: Web;
  readonly jobs: Jobs;
  readonly data: Data;
  readonly documents: Documents;
  readonly monitoring: Monitoring;
  readonly dashboard: Dashboard;
  readonly logKey: LogKey;
  readonly mail: Mail;
  readonly secrets: ApiSecrets;

  constructor(scope: Construct, id: string, props: SandboxStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const logRetention = settings.logRetentionDays;

    const logs = new AccessLogs(this, "AccessLogs", { retentionDays: settings.logRetentionDays });
    this.data = new Data(this, "Data");
    this.documents = new Documents(this, "Documents", { logBucket: logs.bucket, ...settings });

    // Construction order follows what each piece needs to know: the API's host name for CloudFront,
    // CloudFront's origin for the sign-in callback and upload CORS, the app clients for the authorizers.
    const secrets = (this.secrets = new ApiSecrets(this, "ApiSecrets"));
    const domainPrefix = settings.authDomainPrefix ?? `${settings.stageName}-registry-${this.account}`;
    this.api = new Api(this, "Api", { logRetention, throttleRate: settings.throttleRate, throttleBurst: settings.throttleBurst });
    this.web = new Web(this, "Web", {
      apiDomainName: this.api.domainName,
      authUrl: hostedUiUrl(this, domainPrefix),
      logBucket: logs.bucket,
      logRetention,
      webAclArn: settings.webAclArn,
      originSecret: secrets.originSecret.secretValue.unsafeUnwrap(),
    });
    this.documents.allowUploadsFrom(this.web.origin);
    const tracingPolicy = this.tracingPolicy();
    this.logKey = new LogKey(this, "AuditLogKey");
    this.auth = new Auth(this, "Auth", { webOrigin: this.web.origin, domainPrefix, logRetention, logLevel: settings.logLevel, tracingPolicy });

    this.mail = new Mail(this, "Mail", { mailFrom: settings.mailFrom, mailIdentity: settings.mailIdentity });
    const defaults: FunctionDefaults = {
      logRetention,
      tracingPolicy,
      data: {
        table: this.data.table,
        documents: this.documents.documents,
        checkpoints: this.documents.checkpoints,
        logKey: this.logKey.key,
        mail: {
          identityArn: this.mail.identityArn,
          configurationSetArn: this.mail.configurationSetArn,
          configurationSetName: this.mail.configurationSet.configurationSetName,
          fromAddress: this.mail.fromAddress,
        },
      },
      environment: {
        TABLE_NAME: this.data.table.tableName,
        DOCUMENTS_BUCKET: this.documents.documents.bucketName,
        CHECKPOINT_BUCKET: this.documents.checkpoints.bucketName,
        FOUR_EYES_MW: String(settings.fourEyesMw),
        SLA_DAYS: String(settings.slaDays),
        DEFAULT_TERM_MONTHS: String(settings.defaultTermMonths),
        PRESIGN_SECONDS: String(settings.presignSeconds),
        LOG_LEVEL: settings.logLevel,
        AUDIT_LOG_ORIGIN: settings.auditLogOrigin ?? `${settings.stageName}.sandbox-registry/log`,
        POWERTOOLS_SERVICE_NAME: "sandbox-registry",
        SITE_URL: this.web.origin,
        INFO_RESPONSE_DAYS: String(settings.infoResponseDays),
        ...secrets.environment(),
      },
    };
    this.api.addManifestRoutes(ROUTES, this.auth, defaults);
    this.jobs = new Jobs(this, "Jobs", { jobs: JOBS, defaults });
    const mailFeedback = this.mail.addFeedbackFunction(defaults);
    this.web.deploy(this.auth.webConfig(this.web.origin), props.webBundle);

    // The functions no caller waits on get alarms of their own. A route function's errors, timeouts
    // and throttles reach its caller as a 5xx of the API, which the API's 5xx alarm (and, for errors
    // the handler answers, the catalogue's ServerErrors alarm) watches; the dashboard shows them per
    // function. Per-route alarms were two alarm metrics a route: over half of the month's CloudWatch bill.
    const functions = new Map<string, RouteFunction>([
      ...this.jobs.jobs.map(({ job, fn }) => [`job ${job.id}`, fn] as const),
      ["trigger post-confirmation", this.auth.postConfirmation],
      ["mail feedback", mailFeedback],
    ]);
    // The catalogue's metrics: a dashboard widget each, an alarm where the catalogue sets a threshold.
    const operator = operatorMetrics(this, { job: JOBS.map((job) => job.id) });
    this.dashboard = operator.dashboard;
    this.monitoring = new Monitoring(this, "Monitoring", {
      httpApi: this.api.httpApi,
      functions,
      deadLetterQueues: new Map([...this.jobs.jobs.map(({ job, deadLetters }) => [`job ${job.id}`, deadLetters] as const), ["mail feedback", this.mail.feedbackDeadLetters!] as const]),
      alarmEmail: settings.alarmEmail,
      // The sequencer runs one at a time (reserved concurrency 1): a wake-up that finds it busy is
      // throttled and retried by design, so only its errors alarm; its backlog has an alarm of its own.
      throttlesExpected: new Set(this.jobs.jobs.filter(({ job }) => job.onAuditEvents).map(({ job }) => `job ${job.id}`)),
      extraAlarms: [(scope) => oldestPendingAlarm(scope), ...operator.alarms],
    });

    new CfnOutput(this, "WebUrl", { value: `${this.web.origin}/` });
    new CfnOutput(this, "ApiUrl", { value: `${this.web.origin}/api` });
    new CfnOutput(this, "HostedUiUrl", { value: this.auth.domain.baseUrl() });
    new CfnOutput(this, "UserPoolId", { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, "WebClientId", { value: this.auth.webClient.userPoolClientId });
    new CfnOutput(this, "AuditClientId", { value: this.auth.auditClient.userPoolClientId });
    for (const [region, client] of this.auth.gridClients) new CfnOutput(this, `GridClientId${region}`, { value: client.userPoolClientId });
    new CfnOutput(this, "TableName", { value: this.data.table.tableName });
    new CfnOutput(this, "AlarmTopicArn", { value: this.monitoring.topic.topicArn });
  }

  /** X-Ray accepts no resource scoping, so its `*` sits in this one policy rather than in every role. */
  private tracingPolicy(): ManagedPolicy {
    const policy = new ManagedPolicy(this, "TracingPolicy", {
      description: "Lets the registry's functions send X-Ray traces",
      statements: [new PolicyStatement({ actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources: ["*"] })],
    });
    Validations.of(policy).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason: "xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions (IAM service authorization reference).",
    });
    return policy;
  }
}
