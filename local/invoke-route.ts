import type { IncomingMessage, ServerResponse } from "node:http";
import type { RouteDef } from "../lambdas/routes.ts";
import { MissingHandler, type LambdaHandler } from "./handler-modules.ts";
import { problems, sendProblem } from "./http-problem.ts";
import { buildContext, buildEvent } from "./lambda-event.ts";
import { toHttpResponse } from "./lambda-result.ts";
import { BodyTooLarge, GATEWAY_MAX_BODY_BYTES, readBody } from "./request-body.ts";

// One API Gateway -> Lambda integration call: body limit, event, cold-start import, the handler with
// the integration timeout, and the result written back. Whatever escapes the handler becomes a
// generic 500 problem; the cause goes to the runtime's log, never to the client.

export interface InvokeInput {
  req: IncomingMessage;
  res: ServerResponse;
  route: RouteDef;
  rawPath: string;
  rawQueryString: string;
  pathParameters: Record<string, string> | undefined;
  jwt: { claims: Record<string, string>; scopes: string[] } | undefined;
  requestId: string;
  sourceIp: string;
  loadHandler: (routeId: string) => Promise<LambdaHandler>;
  timeoutMs: number;
  logError: (message: string, error?: unknown) => void;
}

class IntegrationTimeout extends Error {
  override readonly name = "IntegrationTimeout";
}

export async function invokeRoute(input: InvokeInput): Promise<void> {
  const { req, res, route } = input;
  let body: Buffer;
  try {
    body = await readBody(req);
  } catch (error) {
    if (error instanceof BodyTooLarge) return sendProblem(res, problems.tooLarge(GATEWAY_MAX_BODY_BYTES), { connection: "close" });
    throw error;
  }

  let handler: LambdaHandler;
  try {
    handler = await input.loadHandler(route.id);
  } catch (error) {
    input.logError(error instanceof MissingHandler ? `route ${route.id} has no handler yet: ${error.message}` : `route ${route.id} failed to load`, error);
    return sendProblem(res, problems.internal());
  }

  const event = buildEvent({ ...input, body });
  const context = buildContext(`sandbox-registry-${route.id}`, input.timeoutMs);
  let result: unknown;
  try {
    result = await withTimeout(Promise.resolve().then(() => handler(event, context)), input.timeoutMs);
  } catch (error) {
    if (error instanceof IntegrationTimeout) {
      input.logError(`route ${route.id} did not answer within ${input.timeoutMs} ms`);
      return sendProblem(res, problems.unavailable("The request took too long; retry later."));
    }
    input.logError(`route ${route.id} threw`, error);
    return sendProblem(res, problems.internal());
  }

  let response;
  try {
    response = toHttpResponse(result);
  } catch (error) {
    input.logError(`route ${route.id} returned a malformed result`, error);
    return sendProblem(res, problems.internal());
  }
  if (res.destroyed) return;
  res.writeHead(response.status, { ...response.headers, "content-length": response.body.length });
  res.end(response.body);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new IntegrationTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
