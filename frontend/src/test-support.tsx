import { configure } from "@testing-library/react";
import { vi } from "vitest";
import { setSession, type Group } from "./auth/session.ts";

// Lazy pages are transformed on first import; on a busy machine that can take more than the default 1 s.
configure({ asyncUtilTimeout: 5000 });

// Test doubles for the browser edge: a scripted fetch that records every call, and a signed-in session.

export interface Call {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

export type Reply = { status?: number; body?: unknown; headers?: Record<string, string> };
type Handler = (call: Call) => Reply | Promise<Reply>;

/** Routes `METHOD /path` (query ignored unless the key has one) to a handler; unknown calls fail the test loudly. */
export function mockFetch(routes: Record<string, Handler | Reply>) {
  const calls: Call[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), "http://localhost");
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((init.headers ?? {}) as Record<string, string>)) headers[k.toLowerCase()] = v;
    const call: Call = {
      method: (init.method ?? "GET").toUpperCase(),
      path: url.pathname + url.search,
      headers,
      body: typeof init.body === "string" ? JSON.parse(init.body) : init.body,
    };
    calls.push(call);
    const route = routes[`${call.method} ${call.path}`] ?? routes[`${call.method} ${url.pathname}`];
    if (!route) throw new Error(`unexpected ${call.method} ${call.path}`);
    const reply = typeof route === "function" ? await route(call) : route;
    const status = reply.status ?? 200;
    const problem = status >= 400;
    return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
      status,
      headers: { "content-type": problem ? "application/problem+json" : "application/json", ...reply.headers },
    });
  });
  vi.stubGlobal("fetch", fetchMock);
  return { calls, fetchMock };
}

function base64url(value: unknown): string {
  return btoa(JSON.stringify(value)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** An unsigned JWT: the web app only decodes tokens; the API verifies them. */
export function fakeJwt(claims: Record<string, unknown>): string {
  return `${base64url({ alg: "none" })}.${base64url({ exp: Math.floor(Date.now() / 1000) + 3600, ...claims })}.sig`;
}

export function signInAs(sub: string, group: Group): void {
  setSession({ accessToken: fakeJwt({ sub, "cognito:groups": [group] }), sub, groups: [group], expiresAt: Date.now() + 3600_000 });
}
