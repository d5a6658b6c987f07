import type { IncomingMessage, ServerResponse } from "node:http";
import { zodFieldErrors } from "../lambdas/schemas/field-errors.ts";
import { TokenRequestSchema, type DevIssuer } from "./dev-issuer.ts";
import { problems, sendProblem } from "./http-problem.ts";
import { BodyTooLarge, readBody } from "./request-body.ts";
import { ClockBackwards, ClockRequestSchema, type DevClock } from "./dev-clock.ts";
import { JOBS } from "../lambdas/routes.ts";

// The local-only routes: the dev issuer's two, then the dev clock and the job trigger.
// The dev issuer's two public routes. They exist only in the local gateway (never in the manifest
// CDK deploys): POST /api/dev/token mints a token for any persona, GET /api/dev/jwks.json shows the keys.

export const DEV_TOKEN_PATH = "/api/dev/token";
export const DEV_JWKS_PATH = "/api/dev/jwks.json";
const TOKEN_BODY_LIMIT = 64 * 1024;

export async function handleDevToken(req: IncomingMessage, res: ServerResponse, issuer: DevIssuer): Promise<void> {
  let raw: Buffer;
  try {
    raw = await readBody(req, TOKEN_BODY_LIMIT);
  } catch (error) {
    if (error instanceof BodyTooLarge) return sendProblem(res, problems.tooLarge(TOKEN_BODY_LIMIT), { connection: "close" });
    throw error;
  }
  const media = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  if (media !== "application/json") return sendProblem(res, problems.unsupportedMediaType());
  let json: unknown;
  try {
    json = JSON.parse(raw.toString("utf8"));
  } catch {
    return sendProblem(res, problems.badRequest("The body is not valid JSON.", [{ path: "", message: "malformed JSON" }]));
  }
  const parsed = TokenRequestSchema.safeParse(json);
  if (!parsed.success) return sendProblem(res, problems.badRequest("The token request is not valid.", zodFieldErrors(parsed.error)));
  sendJson(res, 200, await issuer.issueToken(parsed.data), { pragma: "no-cache" });
}

export function handleJwks(res: ServerResponse, issuer: DevIssuer): void {
  sendJson(res, 200, issuer.jwks());
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", "content-length": Buffer.byteLength(body), ...headers });
  res.end(body);
}

// --- The dev clock and the job trigger (local only, no token; docs/api.md "Local-only testing routes") ---

export const DEV_CLOCK_PATH = "/api/dev/clock";
export const DEV_JOBS_PREFIX = "/api/dev/jobs/";

async function readJson(req: IncomingMessage, res: ServerResponse): Promise<{ ok: true; json: unknown } | { ok: false }> {
  let raw: Buffer;
  try {
    raw = await readBody(req, TOKEN_BODY_LIMIT);
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      sendProblem(res, problems.tooLarge(TOKEN_BODY_LIMIT), { connection: "close" });
      return { ok: false };
    }
    throw error;
  }
  const media = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  if (media !== "application/json") {
    sendProblem(res, problems.unsupportedMediaType());
    return { ok: false };
  }
  try {
    return { ok: true, json: JSON.parse(raw.toString("utf8")) };
  } catch {
    sendProblem(res, problems.badRequest("The body is not valid JSON.", [{ path: "", message: "malformed JSON" }]));
    return { ok: false };
  }
}

export async function handleDevClock(req: IncomingMessage, res: ServerResponse, devClock: DevClock): Promise<void> {
  const method = (req.method ?? "GET").toUpperCase();
  if (method === "GET") return sendJson(res, 200, { now: devClock.now().toISOString() });
  if (method !== "POST") return sendProblem(res, problems.methodNotAllowed(["GET", "POST"]), { allow: "GET, POST" });
  const body = await readJson(req, res);
  if (!body.ok) return;
  const parsed = ClockRequestSchema.safeParse(body.json);
  if (!parsed.success) return sendProblem(res, problems.badRequest("The clock request is not valid.", zodFieldErrors(parsed.error)));
  try {
    sendJson(res, 200, { now: devClock.move(parsed.data).toISOString() });
  } catch (error) {
    if (!(error instanceof ClockBackwards)) throw error;
    sendProblem(res, { status: 409, type: "conflict", title: "Conflicts with the current state", detail: error.message, errors: [{ path: "now", message: "earlier than the clock" }] });
  }
}

/** Runs one of JOBS now (as its schedule would) and answers when it is done; a failed run is a 500. */
export async function handleDevJob(req: IncomingMessage, res: ServerResponse, jobId: string, runJob: (id: string) => Promise<void>, devClock: DevClock): Promise<void> {
  if ((req.method ?? "GET").toUpperCase() !== "POST") return sendProblem(res, problems.methodNotAllowed(["POST"]), { allow: "POST" });
  req.resume();
  if (!JOBS.some((j) => j.id === jobId)) return sendProblem(res, problems.notFound(`There is no job "${jobId}"; the jobs are ${JOBS.map((j) => j.id).join(", ")}.`));
  const ranAt = devClock.now().toISOString();
  await runJob(jobId);
  sendJson(res, 200, { jobId, ranAt });
}
