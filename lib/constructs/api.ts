import { Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import { HttpApi, HttpMethod, HttpStage, type IHttpRouteAuthorizer, LogGroupLogDestination } from "aws-cdk-lib/aws-apigatewayv2";
import { HttpUserPoolAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { AUDIT_SCOPE, METER_SCOPES, type RouteDef, type Touches } from "../../lambdas/routes.ts";
import { FunctionIdentity, RouteFunction, type RouteFunctionProps } from "../route-function.ts";
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
 * A route that admits machine scopes (auditors' `sandbox/audit.read`, grid operators'
 * `sandbox/meter.<REGION>`) lists them at the gateway, plus "openid" when people's groups may call it
 * too (a person's session carries "openid"); the handler then requires the group or the scope, so an
 * applicant's token passes the gateway and is refused by the function. Other routes name no scope.
 */
export function authorizationScopesFor(route: RouteDef): string[] | undefined {
  if (route.access.public) return undefined;
  const scopes = route.access.scopes ?? [];
  if (scopes.length === 0) return undefined;
  return [...scopes, ...(route.access.groups.length > 0 ? ["openid"] : [])];
}

/** Which machine clients a route's authorizer must accept besides the web client. */
export function machineCallersOf(route: RouteDef): "auditors" | "grid" | undefined {
  if (route.access.public) return undefined;
  const scopes = route.access.scopes ?? [];
  if (scopes.includes(AUDIT_SCOPE)) return "auditors";
  if (scopes.some((scope) => METER_SCOPES.includes(scope))) return "grid";
  return undefined;
}

/** A grant set's readable, stable name: `table-write-documents-read`. */
export function grantSetName(touches: Touches): string {
  return Object.entries(touches)
    .filter(([, grant]) => grant)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([resource, grant]) => (grant === true ? resource : `${resource}-${grant}`))
    .join("-");
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

  private readonly identities = new Map<string, FunctionIdentity>();

  /** The role and log group of every route with exactly these grants (one per grant set). */
  private identityFor(touches: Touches, defaults: FunctionDefaults): FunctionIdentity {
    const name = grantSetName(touches);
    let identity = this.identities.get(name);
    if (!identity) {
      identity = new FunctionIdentity(this, `Grants-${name}`, { ...defaults, touches, description: `API routes that touch ${JSON.stringify(touches)}` });
      this.identities.set(name, identity);
    }
    return identity;
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
    const grid = new HttpUserPoolAuthorizer("GridOperators", auth.userPool, { userPoolClients: [auth.webClient, ...auth.gridClients.values()] });

    for (const route of routes) {
      if (route.localOnly) continue;
      const fn = new RouteFunction(this, route.id, {
        ...defaults,
        identity: this.identityFor(route.touches, defaults),
        entry: `lambdas/http/${route.id}.ts`,
        description: `${route.method} ${route.path}: ${route.summary}`,
        timeout: API_TIMEOUT,
        touches: route.touches,
      });
      this.functions.set(route.id, fn);

      const scopes = authorizationScopesFor(route);
      const machines = machineCallersOf(route);
      const authorizer: IHttpRouteAuthorizer | undefined = route.access.public ? undefined : machines === "auditors" ? auditors : machines === "grid" ? grid : people;
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
