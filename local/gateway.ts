import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { ROUTES } from "../lambdas/routes.ts";
import { createAuthorizer } from "./authorizer.ts";
import { createDevIssuer, type DevIssuer } from "./dev-issuer.ts";
import { DEV_CLOCK_PATH, DEV_JOBS_PREFIX, DEV_JWKS_PATH, DEV_TOKEN_PATH, handleDevClock, handleDevJob, handleDevToken, handleJwks, sendJson } from "./dev-routes.ts";
import { createDevClock } from "./dev-clock.ts";
import { invokeJob } from "./jobs.ts";
import { createHandlerLoader, type LambdaHandler } from "./handler-modules.ts";
import { problemOnSocket, problems, sendProblem } from "./http-problem.ts";
import { invokeRoute } from "./invoke-route.ts";
import { newRequestId } from "./lambda-event.ts";
import { PROJECT_ROOT } from "./paths.ts";
import { compileRoutes } from "./route-table.ts";
import { startSequencerLoop, type SequencerLoop } from "./sequencer-loop.ts";
import { apiOnlyPage, serveStatic } from "./static-site.ts";
import { API_GATEWAY_DEFAULT_THROTTLE, createThrottle, type ThrottleOptions } from "./throttle.ts";

// The local stand-in for CloudFront + API Gateway HTTP API + its JWT authorizer: one origin that
// serves /api/* from the manifest's handler modules and everything else from the web build.

export interface GatewayOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Where the dev issuer keeps its key (the runtime's DATA_DIR). */
  dataDir: string;
  /** The web build; default frontend/dist. */
  webRoot?: string;
  throttle?: ThrottleOptions;
  /** API Gateway's integration timeout is 30 s. */
  handlerTimeoutMs?: number;
  /** Replaces the lambdas/http/<id>.ts loader (tests use it to run a stub handler). */
  loadHandler?: (routeId: string) => Promise<LambdaHandler>;
  /** Runs a scheduled job for POST /api/dev/jobs/{jobId}; default: loads lambdas/jobs/<id>.ts and invokes it. */
  runJob?: (jobId: string) => Promise<void>;
  /** Where gateway-side errors are reported; default console.error. */
  logError?: (message: string, error?: unknown) => void;
  /**
   * The audit sequencer loop (local/sequencer-loop.ts), run beside the handlers as AWS runs it beside
   * the API; false leaves events pending (tests of the backlog). Default: on, every 200 ms and after
   * each commit.
   */
  sequencer?: false | { intervalMs?: number };
}

export interface Gateway {
  url: string;
  port: number;
  issuer: DevIssuer;
  close(): Promise<void>;
}

const API_GATEWAY_TIMEOUT_MS = 30_000;
/** API Gateway HTTP APIs: request line and headers up to 16 KB together. */
export const MAX_HEADER_BYTES = 16 * 1024;

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const host = options.host ?? "127.0.0.1";
  // Assigned once the issuer key is loaded; the server (whose handler reads it) exists before that.
  // eslint-disable-next-line prefer-const -- a let read by the handler before its one assignment below
  let dispatch: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    // On a fixed port a browser may already be retrying while the issuer key is being loaded.
    if (!dispatch) return sendProblem(res, problems.unavailable("The gateway is starting."), { "retry-after": "1" });
    dispatch(req, res).catch((error) => {
      (options.logError ?? defaultLogError)("gateway failure", error);
      sendProblem(res, problems.internal());
    });
  });
  // API Gateway refuses more than 16 KB of request headers; Node's parser stops at maxHeaderSize and,
  // left alone, answers an empty 431. Every error is a problem+json, this one included.
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const overflow = error.code === "HPE_HEADER_OVERFLOW";
    socket.end(problemOnSocket(overflow ? problems.headersTooLarge(MAX_HEADER_BYTES) : problems.badRequest("The request is not valid HTTP.")));
  });
  await listen(server, options.port ?? 0, host);
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;

  const issuer = await createDevIssuer({ dataDir: options.dataDir, issuer: `${url}/dev-issuer` });
  const sequencer: SequencerLoop | undefined =
    options.sequencer === false
      ? undefined
      : startSequencerLoop({ dataDir: options.dataDir, intervalMs: options.sequencer?.intervalMs, log: (m, e) => (options.logError ?? defaultLogError)(`sequencer: ${m}`, e) });
  // The empty log's checkpoint is signed before the first request, so the audit routes always have one.
  await sequencer?.ready;
  dispatch = createDispatcher({ ...options, issuer, url });

  return {
    url,
    port,
    issuer,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      await sequencer?.stop();
    },
  };
}

interface DispatchConfig extends GatewayOptions {
  issuer: DevIssuer;
  url: string;
}

function createDispatcher(config: DispatchConfig): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const matchRoute = compileRoutes(ROUTES);
  const authorize = createAuthorizer(config.issuer);
  const allow = createThrottle(config.throttle ?? API_GATEWAY_DEFAULT_THROTTLE);
  const loadHandler = config.loadHandler ?? createHandlerLoader("http");
  const webRoot = config.webRoot ?? join(PROJECT_ROOT, "frontend", "dist");
  const logError = config.logError ?? defaultLogError;
  const devClock = createDevClock(config.dataDir);
  const jobLoader = createHandlerLoader("jobs");
  const runJob = config.runJob ?? ((id: string) => invokeJob(jobLoader, id));

  return async (req, res) => {
    const requestId = newRequestId();
    res.setHeader("apigw-requestid", requestId);
    const sourceIp = (req.socket.remoteAddress ?? "127.0.0.1").replace(/^::ffff:/, "");
    if (!allow(sourceIp)) return sendProblem(res, problems.throttled(), { "retry-after": "1" });

    const method = (req.method ?? "GET").toUpperCase();
    const { rawPath, rawQueryString } = splitTarget(req.url ?? "/");

    if (rawPath !== "/api" && !rawPath.startsWith("/api/")) {
      if (method !== "GET" && method !== "HEAD") return sendProblem(res, problems.methodNotAllowed(["GET", "HEAD"]), { allow: "GET, HEAD" });
      // Read by the web app at runtime to pick its sign-in; the AWS deploy writes a cognito one.
      if (rawPath === "/config.json") return sendJson(res, 200, { auth: { kind: "dev" } });
      return serveStatic(webRoot, rawPath, method === "HEAD", res, () => apiOnlyPage(config.url));
    }

    if (rawPath === DEV_TOKEN_PATH) {
      return method === "POST" ? handleDevToken(req, res, config.issuer) : sendProblem(res, problems.methodNotAllowed(["POST"]), { allow: "POST" });
    }
    if (rawPath === DEV_JWKS_PATH) {
      return method === "GET" ? handleJwks(res, config.issuer) : sendProblem(res, problems.methodNotAllowed(["GET"]), { allow: "GET" });
    }

    if (rawPath === DEV_CLOCK_PATH) return handleDevClock(req, res, devClock);
    if (rawPath.startsWith(DEV_JOBS_PREFIX)) return handleDevJob(req, res, rawPath.slice(DEV_JOBS_PREFIX.length), runJob, devClock);

    const match = matchRoute(method, rawPath);
    if (match.kind === "not-found") return sendProblem(res, problems.notFound());
    if (match.kind === "bad-path") return sendProblem(res, problems.badRequest("The path is not validly percent-encoded."));
    if (match.kind === "method-not-allowed") return sendProblem(res, problems.methodNotAllowed(match.allow), { allow: match.allow.join(", ") });

    // The authorizer runs before the integration: a refused request never loads or reaches a handler.
    let jwt: { claims: Record<string, string>; scopes: string[] } | undefined;
    if (!match.route.access.public) {
      const auth = await authorize(req.headers.authorization);
      if (!auth.ok) return sendProblem(res, problems.unauthorized(auth.detail), { "www-authenticate": auth.wwwAuthenticate });
      jwt = { claims: auth.claims, scopes: auth.scopes };
    }

    await invokeRoute({
      req,
      res,
      route: match.route,
      rawPath,
      rawQueryString,
      pathParameters: match.pathParameters,
      jwt,
      requestId,
      sourceIp,
      loadHandler,
      timeoutMs: config.handlerTimeoutMs ?? API_GATEWAY_TIMEOUT_MS,
      logError,
    });
  };
}

/** The request target split as API Gateway reports it: rawPath still percent-encoded, query verbatim. */
function splitTarget(target: string): { rawPath: string; rawQueryString: string } {
  // Absolute-form targets ("GET http://host/path") come from proxies; keep only the path part.
  const path = /^https?:\/\//i.test(target) ? target.replace(/^https?:\/\/[^/?#]*/i, "") || "/" : target;
  const withoutFragment = path.split("#")[0];
  const q = withoutFragment.indexOf("?");
  return q === -1 ? { rawPath: withoutFragment, rawQueryString: "" } : { rawPath: withoutFragment.slice(0, q), rawQueryString: withoutFragment.slice(q + 1) };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function defaultLogError(message: string, error?: unknown): void {
  console.error(`[gateway] ${message}`, error ?? "");
}
