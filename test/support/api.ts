import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startGateway, type GatewayOptions } from "../../local/gateway.ts";
import type { DevIssuer, TokenRequest } from "../../local/dev-issuer.ts";
import { AUDIT_SCOPE } from "../../lambdas/routes.ts";

// Black-box API tests: the real dev gateway in-process on a free port, in front of the real handler
// modules, with real RS256 tokens from the dev issuer. Handlers reach the emulators through the
// process.env that test/support/per-file-env.ts set for this file.

export const PERSONAS = {
  applicantA: { sub: "applicant-a", groups: ["applicant"], email: "a@firm-a.example", name: "Applicant A" },
  applicantB: { sub: "applicant-b", groups: ["applicant"], email: "b@firm-b.example", name: "Applicant B" },
  reviewer1: { sub: "reviewer-1", groups: ["reviewer"], email: "r1@council.example", name: "Reviewer One" },
  reviewer2: { sub: "reviewer-2", groups: ["reviewer"], email: "r2@council.example", name: "Reviewer Two" },
  admin: { sub: "admin-1", groups: ["admin"], email: "admin@council.example", name: "Admin" },
  auditor: { sub: "auditor-1", groups: ["auditor"], email: "auditor@audit.example", name: "Auditor" },
  /** A machine client (client-credentials style): a scope, no groups. */
  auditMachine: { sub: "audit-machine", groups: [], scope: AUDIT_SCOPE },
} as const satisfies Record<string, TokenRequest>;

export type Persona = keyof typeof PERSONAS;

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  /** Parsed when the response is JSON (application/json, application/problem+json, ...). */
  json: T;
  text: string;
}

export interface RequestOptions {
  /** A persona name, a raw token string, claims for the dev issuer, or nothing for an anonymous call. */
  token?: Persona | string | TokenRequest;
  /** Objects are sent as JSON (content-type added); strings and buffers as they are. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface TestApi {
  url: string;
  /** Holds the dev issuer's key (dev-issuer/key.json); removed on close. */
  dataDir: string;
  issuer: DevIssuer;
  token(who: Persona | TokenRequest): Promise<string>;
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  close(): Promise<void>;
}

export async function startTestApi(options: Partial<GatewayOptions> = {}): Promise<TestApi> {
  const dataDir = mkdtempSync(join(tmpdir(), "sandbox-api-"));
  const gateway = await startGateway({ port: 0, dataDir, logError: () => {}, ...options });
  const tokens = new Map<string, string>();

  const token = async (who: Persona | TokenRequest): Promise<string> => {
    if (typeof who !== "string") return (await gateway.issuer.issueToken(who)).access_token;
    let cached = tokens.get(who);
    if (!cached) {
      cached = (await gateway.issuer.issueToken(PERSONAS[who] as TokenRequest)).access_token;
      tokens.set(who, cached);
    }
    return cached;
  };

  const request = async <T,>(method: string, path: string, opts: RequestOptions = {}): Promise<ApiResponse<T>> => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token !== undefined) {
      const bearer = typeof opts.token === "object" || opts.token in PERSONAS ? await token(opts.token as Persona | TokenRequest) : opts.token;
      headers.authorization = `Bearer ${bearer}`;
    }
    let body: string | Uint8Array<ArrayBuffer> | undefined;
    if (typeof opts.body === "string") body = opts.body;
    else if (opts.body instanceof Uint8Array) body = new Uint8Array(opts.body);
    else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers["content-type"] ??= "application/json";
    }
    const response = await fetch(gateway.url + path, { method, headers, body });
    const text = await response.text();
    const type = response.headers.get("content-type") ?? "";
    const json = (/[/+]json\b/.test(type) ? parseJson(text) : undefined) as T;
    return { status: response.status, headers: response.headers, json, text };
  };

  return {
    url: gateway.url,
    dataDir,
    issuer: gateway.issuer,
    token,
    request,
    async close() {
      await gateway.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Undefined for an empty or non-JSON body: a Lambda may return a bare string that API Gateway labels JSON. */
function parseJson(text: string): unknown {
  try {
    return text === "" ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
