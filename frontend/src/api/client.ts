import { getSession, setSession } from "../auth/session.ts";

// The one way the web app talks to /api: bearer token, JSON, ETag/If-Match, Idempotency-Key, and
// RFC 9457 problems turned into ApiError.

export interface FieldProblem {
  path: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: FieldProblem[];
  [extra: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail || problem.title || `The server answered ${status}`);
    this.name = "ApiError";
  }
}

export interface ApiResult<T> {
  data: T;
  etag: string | null;
  status: number;
}

export interface RequestOptions {
  body?: unknown;
  ifMatch?: string | null;
  /** POSTs that change state send a fresh key so a retried request has one effect. */
  idempotent?: boolean;
  signal?: AbortSignal;
}

export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: "application/json, application/problem+json" };
  const session = getSession();
  if (session) headers.authorization = `Bearer ${session.accessToken}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.ifMatch) headers["if-match"] = options.ifMatch;
  const idempotent = options.idempotent ?? method === "POST";
  if (idempotent) headers["idempotency-key"] = newIdempotencyKey();
  const init: RequestInit = {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  };

  let response: Response;
  try {
    response = await fetch(path, init);
    // The same Idempotency-Key makes one retry safe when a dependency hiccups.
    if (response.status === 503 && idempotent) {
      await sleep(800);
      response = await fetch(path, init);
    }
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError(0, {
      status: 0,
      title: "The registry could not be reached",
      detail: "Check your connection and try again.",
    });
  }

  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (!response.ok) {
    const problem: Problem =
      parsed && typeof parsed === "object"
        ? { status: response.status, ...(parsed as object) }
        : { status: response.status, title: `The server answered ${response.status}` };
    if (response.status === 401 && session) setSession(null);
    throw new ApiError(response.status, problem);
  }
  return { data: parsed as T, etag: response.headers.get("etag"), status: response.status };
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>("GET", path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>("POST", path, { ...options, body }),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>("PATCH", path, { ...options, body }),
};

/** Builds `path?a=1&b=2`, leaving out empty values. */
export function withQuery(path: string, query: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export const enc = encodeURIComponent;
