import { randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from "aws-lambda";
import type { RouteDef } from "../lambdas/routes.ts";

// Builds what API Gateway HTTP API (payload format 2.0) hands a Lambda integration, so handlers run
// locally on the very event shape they get on AWS.

export const ACCOUNT_ID = "123456789012";
export const API_ID = "local";
const REGION = () => process.env.AWS_REGION ?? "us-east-1";

export interface EventInput {
  req: IncomingMessage;
  route: RouteDef;
  rawPath: string;
  rawQueryString: string;
  pathParameters: Record<string, string> | undefined;
  body: Buffer;
  /** undefined on public routes: API Gateway runs no authorizer there. */
  jwt: { claims: Record<string, string>; scopes: string[] } | undefined;
  requestId: string;
  sourceIp: string;
}

/** API Gateway's request ids look like "JdM4DhZNIAMEVZw="; any unique string does locally. */
export function newRequestId(): string {
  return randomBytes(10).toString("base64");
}

export function buildEvent(input: EventInput): APIGatewayProxyEventV2WithJWTAuthorizer {
  const { req, route } = input;
  const now = new Date();
  const headers = lowerCaseHeaders(req);
  const cookies = headers.cookie?.split(";").map((c) => c.trim()).filter(Boolean);
  // In 2.0 the Cookie header is moved to `cookies` and removed from `headers`.
  delete headers.cookie;
  const routeKey = `${route.method} ${route.path}`;
  // API Gateway reports the bare host name; the local Host header carries the port.
  const domainName = (headers.host ?? "127.0.0.1").replace(/:\d+$/, "");
  const event: Record<string, unknown> = {
    version: "2.0",
    routeKey,
    rawPath: input.rawPath,
    rawQueryString: input.rawQueryString,
    ...(cookies && cookies.length > 0 ? { cookies } : {}),
    headers,
    ...queryParameters(input.rawQueryString),
    requestContext: {
      accountId: ACCOUNT_ID,
      apiId: API_ID,
      ...(input.jwt ? { authorizer: { jwt: { claims: input.jwt.claims, scopes: input.jwt.scopes } } } : {}),
      domainName,
      domainPrefix: domainName.split(".")[0],
      http: {
        method: route.method,
        path: input.rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: input.sourceIp,
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: input.requestId,
      routeKey,
      stage: "$default",
      time: clfTime(now),
      timeEpoch: now.getTime(),
    },
    ...(input.pathParameters ? { pathParameters: input.pathParameters } : {}),
    ...bodyFields(input.body, headers["content-type"]),
  };
  return event as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

/** Node already joins repeated headers with ", " (as API Gateway does); set-cookie never appears on requests. */
function lowerCaseHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(",") : value;
  }
  return out;
}

/** Repeated keys become one comma-joined value, as in payload 2.0; absent when there is no query. */
function queryParameters(raw: string): { queryStringParameters?: Record<string, string> } {
  if (raw === "") return {};
  const out: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    out[key] = key in out ? `${out[key]},${value}` : value;
  }
  return Object.keys(out).length > 0 ? { queryStringParameters: out } : {};
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded|graphql)|application\/[\w.+-]+\+(json|xml))/i;

/** Text bodies pass as UTF-8; anything else (or no content type) is base64 with isBase64Encoded. */
function bodyFields(body: Buffer, contentType: string | undefined): { body?: string; isBase64Encoded: boolean } {
  if (body.length === 0) return { isBase64Encoded: false };
  if (contentType && TEXT_TYPES.test(contentType.trim())) return { body: body.toString("utf8"), isBase64Encoded: false };
  return { body: body.toString("base64"), isBase64Encoded: true };
}

/** "25/Nov/2025:15:04:05 +0000", the format of requestContext.time. */
function clfTime(date: Date): string {
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${p(date.getUTCHours())}:${p(date.getUTCMinutes())}:${p(date.getUTCSeconds())} +0000`;
}

/** A Lambda context for one invocation: the handlers read awsRequestId; middy reads getRemainingTimeInMillis. */
export function buildContext(functionName: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  const unsupported = () => {
    throw new Error("callback-style completion is not supported; return a value or a promise");
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:${REGION()}:${ACCOUNT_ID}:function:${functionName}`,
    memoryLimitInMB: "512",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${new Date().toISOString().slice(0, 10).replaceAll("-", "/")}/[$LATEST]${randomBytes(16).toString("hex")}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}
