// What a handler returns; route() turns it into the API Gateway result.
export interface Reply {
  status: number;
  body?: unknown;
  /** Non-JSON bodies (CSV) are passed as text with their own content type. */
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export function ok(body: unknown, headers?: Record<string, string>): Reply {
  return { status: 200, body, headers };
}

export function created(body: unknown, headers?: Record<string, string>): Reply {
  return { status: 201, body, headers };
}

/** A record with a `version`: answered with its ETag so clients can send If-Match. */
export function okVersioned(record: { version: number }, status = 200): Reply {
  return { status, body: record, headers: { etag: etagOf(record.version) } };
}

export function text(body: string, contentType: string, headers?: Record<string, string>): Reply {
  return { status: 200, text: body, contentType, headers };
}

export function etagOf(version: number): string {
  return `"${version}"`;
}

/** Parses If-Match: `"3"`, `W/"3"` or `3`. Returns undefined when absent, NaN when unparseable. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === "") return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  return match ? Number(match[1]) : Number.NaN;
}
