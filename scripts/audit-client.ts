// The few auditor API calls the verifier CLI makes with --url, with plain fetch.

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

/** One GET with retries on throttling and network errors; the body as text, or an ApiError. */
async function get(api: AuditApi, pathAndQuery: string, accept: string): Promise<string> {
  const url = `${api.api}${pathAndQuery}`;
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(url, { headers: { authorization: `Bearer ${api.token}`, accept } });
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
    return text;
  }
}

async function getJson(api: AuditApi, pathAndQuery: string): Promise<unknown> {
  const text = await get(api, pathAndQuery, "application/json");
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(`GET ${api.api}${pathAndQuery} did not answer JSON`);
  }
}

/** The latest signed checkpoint, as the signed note's text. */
export const fetchCheckpoint = (api: AuditApi): Promise<string> => get(api, "/audit/checkpoint", "text/plain");

/** `{ origin, keyName, vkey }`: the log's own statement of its key (to be pinned, not trusted). */
export const fetchKey = (api: AuditApi): Promise<unknown> => getJson(api, "/audit/checkpoint/key");

export const fetchInclusionProof = (api: AuditApi, seq: number, treeSize: number): Promise<unknown> =>
  getJson(api, `/audit/events/${seq}/proof?treeSize=${treeSize}`);

export const fetchConsistencyProof = (api: AuditApi, from: number, to: number): Promise<unknown> => getJson(api, `/audit/consistency?from=${from}&to=${to}`);

async function fetchPage(api: AuditApi, afterSeq: number, limit: number): Promise<{ items: unknown[]; more: boolean }> {
  const page = (await getJson(api, `/audit/events?afterSeq=${afterSeq}&limit=${limit}`)) as { items?: unknown; nextCursor?: unknown };
  if (!Array.isArray(page?.items) || !(page.nextCursor === null || typeof page.nextCursor === "string")) {
    throw new ApiError("GET /audit/events did not answer { items, nextCursor }");
  }
  return { items: page.items, more: page.nextCursor !== null };
}

/** The one event with this seq, as GET /audit/events lists it (undefined when it is not listed). */
export async function fetchEvent(api: AuditApi, seq: number): Promise<unknown> {
  const { items } = await fetchPage(api, seq - 1, 1);
  return items[0];
}

/**
 * The events after `afterSeq`, up to seq `untilSeq` when given, page by page as the API answers
 * them (nothing is held beyond one page). Pages on from the last item's seq (the API takes
 * afterSeq as well as its opaque cursor); stops when the API says there is no next page.
 */
export async function* fetchEvents(api: AuditApi, afterSeq = 0, untilSeq = Number.POSITIVE_INFINITY): AsyncGenerator<unknown> {
  let after = afterSeq;
  while (after < untilSeq) {
    const { items, more } = await fetchPage(api, after, Math.min(PAGE_LIMIT, untilSeq - after));
    const before = after;
    for (const item of items) {
      yield item;
      const seq = (item as { seq?: unknown } | null)?.seq;
      // A wrong seq is the verifier's finding; paging just must not go backwards for ever.
      if (typeof seq === "number" && seq > after) after = seq;
    }
    if (!more || items.length === 0) return;
    if (after === before) throw new ApiError(`GET /audit/events did not advance past seq ${after}`);
  }
}
