import type { IncomingMessage, ServerResponse } from "node:http";
import { zodFieldErrors } from "../lambdas/schemas/field-errors.ts";
import { TokenRequestSchema, type DevIssuer } from "./dev-issuer.ts";
import { problems, sendProblem } from "./http-problem.ts";
import { BodyTooLarge, readBody } from "./request-body.ts";

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
