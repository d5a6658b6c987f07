import type { RouteDef } from "../route-def.ts";
import { logger } from "./logger.ts";
import { lowerHeaders, type HttpEvent, type HttpResult, type RouteMiddleware, type RouteState } from "./request-state.ts";

export const CORRELATION_HEADER = "x-correlation-id";
/** A caller's own id is kept only if it is short and plain: it lands in every log line. */
const CALLER_ID = /^[A-Za-z0-9_\-:.=+/]{8,128}$/;

/**
 * The caller's x-correlation-id (or x-request-id) when it sends one, so a browser or partner can join
 * its logs to ours; else API Gateway's request id (also in the access log), else Lambda's.
 */
export function correlationIdOf(event: HttpEvent, awsRequestId: string | undefined): string {
  const headers = lowerHeaders(event.headers);
  const given = headers[CORRELATION_HEADER] ?? headers["x-request-id"];
  if (given !== undefined && CALLER_ID.test(given)) return given;
  return event.requestContext?.requestId ?? awsRequestId ?? "local";
}

/**
 * Outermost of the route's own middlewares: the Lambda context and the correlation id on every log
 * line of the request, one "request" line at the end (status, duration, who) and the id echoed in
 * the x-correlation-id response header. Runs last on the way out, after problem-json has turned any
 * error into the answer, so it logs and marks what the client gets.
 */
export function requestLog(def: RouteDef): RouteMiddleware {
  const finish = (request: { internal: RouteState; response: HttpResult | null | undefined }) => {
    const state = request.internal;
    const response = request.response;
    if (typeof response === "object" && response !== null && state.correlationId) {
      response.headers = { ...(response.headers ?? {}), [CORRELATION_HEADER]: state.correlationId };
    }
    const status = typeof response === "object" && response && "statusCode" in response ? response.statusCode : 200;
    logger.info("request", {
      route: def.id,
      method: def.method,
      status,
      durationMs: state.started ? Date.now() - state.started : undefined,
      actorSub: state.actor?.sub,
      actorGroups: state.actor?.groups,
    });
    // The correlation id is this request's; the next invocation of a warm function sets its own.
    logger.resetKeys();
  };
  return {
    before: (request) => {
      request.internal.started = Date.now();
      logger.addContext(request.context);
      const id = correlationIdOf(request.event, request.context?.awsRequestId);
      request.internal.correlationId = id;
      logger.setCorrelationId(id);
    },
    after: finish,
    onError: finish,
  };
}
