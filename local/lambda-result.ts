// Turns what a Lambda returned into the HTTP response API Gateway (payload 2.0) would send.
// Rules from the HTTP API docs: a result with a numeric statusCode is structured (headers, cookies,
// body, isBase64Encoded); anything else that is valid JSON is a 200 application/json whose body is the
// value (a string as is, other values serialised). A malformed structured result is a 500.

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

const HOP_BY_HOP = new Set(["connection", "content-length", "keep-alive", "transfer-encoding", "upgrade"]);

export class MalformedResult extends Error {
  override readonly name = "MalformedResult";
}

export function toHttpResponse(result: unknown): HttpResponse {
  if (!isStructured(result)) {
    const body = typeof result === "string" ? result : JSON.stringify(result ?? null);
    return { status: 200, headers: { "content-type": "application/json" }, body: Buffer.from(body, "utf8") };
  }
  const status = result.statusCode;
  if (!Number.isInteger(status) || status < 100 || status > 599) throw new MalformedResult(`statusCode ${String(status)} is not an HTTP status`);

  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    if (value === undefined || value === null) continue;
    if (typeof value === "object") throw new MalformedResult(`header ${name} is not a scalar`);
    // Framing is the gateway's job, not the function's: a handler-set length could lie about the body.
    if (HOP_BY_HOP.has(name.toLowerCase())) continue;
    headers[name.toLowerCase()] = String(value);
  }
  if (Array.isArray(result.cookies) && result.cookies.length > 0) headers["set-cookie"] = result.cookies.map(String);

  let body = Buffer.alloc(0);
  if (result.body !== undefined && result.body !== null) {
    if (typeof result.body !== "string") throw new MalformedResult("body is not a string");
    body = result.isBase64Encoded ? Buffer.from(result.body, "base64") : Buffer.from(result.body, "utf8");
  }
  return { status, headers, body };
}

interface Structured {
  statusCode: number;
  headers?: Record<string, unknown>;
  cookies?: unknown[];
  body?: unknown;
  isBase64Encoded?: boolean;
}

function isStructured(result: unknown): result is Structured {
  return typeof result === "object" && result !== null && !Array.isArray(result) && "statusCode" in result;
}
