import { Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import { HttpApi, HttpMethod, HttpStage, type IHttpRouteAuthorizer, LogGroupLogDestination } from "aws-cdk-lib/aws-apigatewayv2";
import { HttpUserPoolAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { AUDIT_SCOPE, type RouteDef } from "../../lambdas/routes.ts";
import { RouteFunction, type RouteFunctionProps } from "../route-function.ts";
import type { Auth } from "./auth.ts";

export const API_TIMEOUT = Duration.seconds(10);

/** Everything a manifest-driven function shares: environment, data resources, logs, tracing. */
export type FunctionDefaults = Pick<RouteFunctionProps, "environment" | "logRetention" | "tracingPolicy" | "data">;

export interface ApiProps {
  readonly logRetention: RetentionDays;
  readonly throttleRate: number;
  readonly throttleBurst: number;
}

/**
 * A route is an auditor route when its manifest entry admits the audit scope. Those accept the M2M
 * client's scope or a person's OIDC session ("openid"); the handler then requires the `auditor`
 * group or the scope, so an applicant's token passes the gateway and is refused by the function.
 */
export function authorizationScopesFor(route: RouteDef): string[] | undefined {
  if (route.access.public) return undefined;
  return route.access.scopes?.includes(AUDIT_SCOPE) ? [AUDIT_SCOPE, "openid"] : undefined;
}

/** The HTTP API: one `$default` stage, JSON access logs, throttling; one function per manifest route. */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  readonly functions = new Map<string, RouteFunction>();

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    // No CORS: the browser reaches the API through CloudFront on the web app's own origin.
    this.httpApi = new HttpApi(this, "HttpApi", { description: "Sandbox registry API", createDefaultStage: false });
    this.accessLogs = new LogGroup(this, "AccessLogs", { retention: props.logRetention, removalPolicy: RemovalPolicy.RETAIN });
    this.stage = new HttpStage(this, "DefaultStage", {
      httpApi: this.httpApi,
      stageName: "$default",
      autoDeploy: true,
      throttle: { rateLimit: props.throttleRate, burstLimit: props.throttleBurst },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: "$context.requestId",
            time: "$context.requestTime",
            ip: "$context.identity.sourceIp",
            method: "$context.httpMethod",
            routeKey: "$context.routeKey",
            status: "$context.status",
            latencyMs: "$context.responseLatency",
            responseLength: "$context.responseLength",
            sub: "$context.authorizer.claims.sub",
            authorizerError: "$context.authorizer.error",
            integrationError: "$context.integrationErrorMessage",
          }),
        ),
      },
    });
  }

  /** `<api id>.execute-api.<region>.amazonaws.com`: CloudFront's origin for /api/*. */
  get domainName(): string {
    return `${this.httpApi.apiId}.execute-api.${this.httpApi.stack.region}.${this.httpApi.stack.urlSuffix}`;
  }

  /**
   * One function and one route per manifest entry (local-only routes never deploy). People's routes
   * take tokens from the web client only; auditor routes also take the M2M audit client's tokens.
   */
  addManifestRoutes(routes: readonly RouteDef[], auth: Auth, defaults: FunctionDefaults): void {
    const people = new HttpUserPoolAuthorizer("People", auth.userPool, { userPoolClients: [auth.webClient] });
    const auditors = new HttpUserPoolAuthorizer("Auditors", auth.userPool, { userPoolClients: [auth.webClient, auth.auditClient] });

    for (const route of routes) {
      if (route.localOnly) continue;
      const fn = new RouteFunction(this, route.id, {
        ...defaults,
        entry: `lambdas/http/${route.id}.ts`,
        description: `${route.method} ${route.path}: ${route.summary}`,
        timeout: API_TIMEOUT,
        touches: route.touches,
      });
      this.functions.set(route.id, fn);

      const scopes = authorizationScopesFor(route);
      const authorizer: IHttpRouteAuthorizer | undefined = route.access.public ? undefined : scopes ? auditors : people;
      const [httpRoute] = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.id}-integration`, fn.function),
        authorizer,
        authorizationScopes: scopes,
      });
      if (route.access.public) {
        Validations.of(httpRoute).acknowledge({
          id: "AwsSolutions-APIG4",
          reason: `Public by the route manifest (${route.id}: ${route.summary}); throttled at the stage and behind CloudFront.`,
        });
      }
    }
  }
}
