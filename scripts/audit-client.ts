// The few auditor API calls the verifier CLI makes in --url mode, with plain fetch.

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface AuditApi {
  /** Base URL ending in /api. */
  api: string;
  token: string;
}

const PAGE_LIMIT = 100;
const ATTEMPTS = 5;

/** Accepts http://host:port, http://host:port/ or http://host:port/api. */
export function auditApi(baseUrl: string, token: string): AuditApi {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ApiError(`--url ${baseUrl} is not a URL`);
  }
  const path = url.pathname.replace(/\/+$/, "");
  url.pathname = path.endsWith("/api") ? path : `${path}/api`;
  return { api: url.toString().replace(/\/+$/, ""), token };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function getJson(api: AuditApi, pathAndQuery: string): Promise<unknown> {
  const url = `${api.api}${pathAndQuery}`;
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(url, { headers: { authorization: `Bearer ${api.token}`, accept: "application/json" } });
    } catch (error) {
      if (attempt >= ATTEMPTS) throw new ApiError(`GET ${url} failed: ${(error as Error).message}`);
      await sleep(200 * 2 ** attempt);
      continue;
    }
    // Throttling and "dependency down" are worth a retry; anything else is the answer.
    if ((response.status === 429 || response.status === 503) && attempt < ATTEMPTS) {
      await response.body?.cancel();
      await sleep(200 * 2 ** attempt);
      continue;
    }
    const text = await response.text();
    if (!response.ok) {
      let detail = text.slice(0, 200);
      try {
        const problem = JSON.parse(text) as { title?: string; detail?: string };
        detail = [problem.title, problem.detail].filter(Boolean).join(": ");
      } catch {
        // not problem+json; keep the text
      }
      throw new ApiError(`GET ${url} answered ${response.status}${detail ? ` (${detail})` : ""}`, response.status);
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new ApiError(`GET ${url} did not answer JSON`);
    }
  }
}

export async function fetchHead(api: AuditApi): Promise<{ seq: number; hash: string; at: string | null }> {
  const head = (await getJson(api, "/audit/events/head")) as { seq?: unknown; hash?: unknown; at?: unknown };
  if (typeof head?.seq !== "number" || typeof head.hash !== "string") throw new ApiError("GET /audit/events/head did not answer { seq, hash, at }");
  return { seq: head.seq, hash: head.hash, at: typeof head.at === "string" ? head.at : null };
}

/**
 * Every event after `afterSeq`, page by page as the API answers them (nothing is held beyond one
 * page). Stops when the API says there is no next page.
 */
export async function* fetchEvents(api: AuditApi, afterSeq = 0): AsyncGenerator<unknown> {
  let after = afterSeq;
  for (;;) {
    const page = (await getJson(api, `/audit/events?afterSeq=${after}&limit=${PAGE_LIMIT}`)) as { items?: unknown; nextAfterSeq?: unknown };
    if (!Array.isArray(page?.items) || !(page.nextAfterSeq === null || typeof page.nextAfterSeq === "number")) {
      throw new ApiError("GET /audit/events did not answer { items, nextAfterSeq }");
    }
    yield* page.items;
    if (page.nextAfterSeq === null) return;
    // A server that does not move forward would page for ever.
    if (page.nextAfterSeq <= after) throw new ApiError(`GET /audit/events did not advance past seq ${after}`);
    after = page.nextAfterSeq;
  }
}
