import { Annotations, Duration, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { HttpOrigin, S3BucketOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket, ObjectOwnership } from "aws-cdk-lib/aws-s3";
import { BucketDeployment, Source } from "aws-cdk-lib/aws-s3-deployment";
import { Construct } from "constructs";
import { PROJECT_ROOT } from "../route-function.ts";
import { assetBucketObjectsFinding, objectsFinding } from "../nag.ts";
import { findWebBundle, type WebBundle, webBundleSource } from "../web-bundle.ts";

export interface WebProps {
  /** The HTTP API's execute-api host name. */
  readonly apiDomainName: string;
  /** The hosted UI's base URL: the browser exchanges the sign-in code there. */
  readonly authUrl: string;
  readonly logBucket: IBucket;
  readonly logRetention: RetentionDays;
  /** A CLOUDFRONT-scope WAF web ACL (settings `webAclArn`); none when undefined. */
  readonly webAclArn?: string;
  /** Sent to the API on every /api/* request as x-origin-verify; the handlers refuse requests without it. */
  readonly originSecret?: string;
}

/**
 * Client-side routes (no file extension in the last segment) get the app shell. Done per request on
 * the web behaviour only: distribution-wide error responses would also turn the API's 403/404
 * problem+json answers into index.html with 200.
 */
export const SPA_REWRITE = `function handler(event) {
  var request = event.request;
  var last = request.uri.substring(request.uri.lastIndexOf("/") + 1);
  if (last.indexOf(".") === -1) request.uri = "/index.html";
  return request;
}`;

/** The Content-Security-Policy for the web app: its own origin, the hosted UI and presigned S3 uploads. */
export function contentSecurityPolicy(authUrl: string, region: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    // The token exchange goes to the hosted UI; uploads go straight to the documents bucket (its name
    // cannot appear here: the bucket's CORS rule already depends on this distribution).
    `connect-src 'self' ${authUrl} https://*.s3.${region}.amazonaws.com`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "upgrade-insecure-requests",
  ].join("; ");
}

/** The web app: a private bucket behind CloudFront, which also forwards /api/* to the HTTP API. */
export class Web extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  private readonly logRetention: RetentionDays;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);
    this.logRetention = props.logRetention;

    this.bucket = new Bucket(this, "Bucket", {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.logBucket,
      serverAccessLogsPrefix: "web/",
      // The bucket only holds build output; the deployment puts it back.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const headers = new ResponseHeadersPolicy(this, "SecurityHeaders", {
      comment: "Sandbox registry security headers",
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(props.authUrl, Stack.of(this).region), override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [{ header: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()", override: true }],
      },
    });

    const spaRewrite = new CloudFrontFunction(this, "SpaRewrite", {
      code: FunctionCode.fromInline(SPA_REWRITE),
      runtime: FunctionRuntime.JS_2_0,
      comment: "Serve index.html for client-side routes",
    });

    this.distribution = new Distribution(this, "Distribution", {
      comment: "Sandbox registry",
      defaultRootObject: "index.html",
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      httpVersion: HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: props.logBucket,
      logFilePrefix: "cloudfront/",
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        functionAssociations: [{ function: spaRewrite, eventType: FunctionEventType.VIEWER_REQUEST }],
        compress: true,
      },
      additionalBehaviors: {
        "/api/*": {
          origin: new HttpOrigin(props.apiDomainName, {
            protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [OriginSslPolicy.TLS_V1_2],
            ...(props.originSecret ? { customHeaders: { "x-origin-verify": props.originSecret } } : {}),
          }),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          // Everything but Host (execute-api routes on its own host name), Authorization included.
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers,
          compress: true,
        },
      },
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: "AwsSolutions-CFR1",
        reason: "Applicants and auditors may be anywhere; the council has no country list to restrict to.",
      },
      ...(props.webAclArn
        ? []
        : [
            {
              id: "AwsSolutions-CFR2",
              reason:
                "No WAF in this stage: a CloudFront web ACL must live in us-east-1 and this stack is region-agnostic, so it is created there and named by the `webAclArn` setting (docs/deploy.md); the API has stage throttling meanwhile.",
            },
          ]),
      {
        id: "AwsSolutions-CFR4",
        reason: "The default *.cloudfront.net certificate fixes the viewer TLS policy; a custom domain with an ACM certificate (TLSv1.2_2021) is the fix, see docs/deploy.md.",
      },
    );
  }

  /** `https://<distribution domain>`: the one origin the browser sees. */
  get origin(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }

  /**
   * Uploads the web app plus a runtime `config.json` (written at deploy, so the bundle carries no
   * configuration) and invalidates the distribution.
   */
  deploy(config: object, bundle: WebBundle = findWebBundle(PROJECT_ROOT)): BucketDeployment {
    if (bundle.kind === "missing") {
      // Info, not a warning: warnings fail the synth, and an API-only checkout must still deploy.
      Annotations.of(this).addInfo("frontend/ is missing: a notice page is deployed instead of the web app.");
    }
    const deployment = new BucketDeployment(this, "Deployment", {
      sources: [webBundleSource(PROJECT_ROOT, bundle), Source.jsonData("config.json", config)],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ["/*"],
      memoryLimit: 512,
      logGroup: new LogGroup(this, "DeploymentLogs", { retention: this.logRetention, removalPolicy: RemovalPolicy.DESTROY }),
    });
    this.acknowledgeDeploymentHandler();
    return deployment;
  }

  /** The BucketDeployment handler is CDK's own singleton; what it needs is fixed by CDK, not by us. */
  private acknowledgeDeploymentHandler(): void {
    const stack = Stack.of(this);
    const handler = stack.node.children.find((child) => child.node.id.startsWith("Custom::CDKBucketDeployment"));
    if (!handler) throw new Error("the BucketDeployment handler was not found at the stack root");
    const reasons: Record<string, string> = {
      "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]":
        "CDK's deployment handler role; it only runs during deploys.",
      "AwsSolutions-IAM5[Action::s3:GetBucket*]": "CDK's deployment handler reads the staged asset (grantRead).",
      "AwsSolutions-IAM5[Action::s3:GetObject*]": "CDK's deployment handler reads the staged asset (grantRead).",
      "AwsSolutions-IAM5[Action::s3:List*]": "CDK's deployment handler lists the web bucket to prune old files.",
      "AwsSolutions-IAM5[Action::s3:Abort*]": "CDK's deployment handler writes the web bucket (grantReadWrite).",
      "AwsSolutions-IAM5[Action::s3:DeleteObject*]": "CDK's deployment handler prunes files the new build no longer has.",
      [assetBucketObjectsFinding(stack)]: "The CDK bootstrap asset bucket: asset keys are content hashes.",
      [objectsFinding(this.bucket)]: "The web bucket holds only the build output that this deployment replaces.",
      "AwsSolutions-IAM5[Resource::*]": "cloudfront:CreateInvalidation/GetInvalidation, which CDK's handler policy does not scope to the distribution.",
      "AwsSolutions-L1": "CDK pins the deployment handler's Python runtime; it is not ours to change.",
      "Serverless-LambdaLatestVersion": "CDK pins the deployment handler's Python runtime; it is not ours to change.",
      "Serverless-LambdaDLQ": "Invoked synchronously by CloudFormation, which reports a failed deploy itself.",
      "Serverless-LambdaTracing": "CDK's deployment handler exposes no tracing option; it runs only during deploys.",
    };
    for (const [id, reason] of Object.entries(reasons)) Validations.of(handler).acknowledge({ id, reason });
  }
}
