import { PayloadTooLarge, UnsupportedMediaType, ValidationError } from "../domain/errors.ts";
import { lowerHeaders, type HttpEvent, type RouteMiddleware } from "./request-state.ts";

export const MAX_BODY_BYTES = 64 * 1024;

function rawBody(event: HttpEvent): string | undefined {
  if (event.body === undefined || event.body === null || event.body === "") return undefined;
  const bytes = event.isBase64Encoded ? Buffer.from(event.body, "base64") : Buffer.from(event.body, "utf8");
  if (bytes.length > MAX_BODY_BYTES) throw new PayloadTooLarge(`Request bodies are limited to ${MAX_BODY_BYTES} bytes.`);
  return bytes.toString("utf8");
}

function isJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const media = contentType.split(";")[0].trim().toLowerCase();
  return media === "application/json" || (media.startsWith("application/") && media.endsWith("+json"));
}

/** The body rules every route shares: at most 64 KiB (413), JSON media type (415), well-formed (400). */
export function jsonBody(): RouteMiddleware {
  return {
    before: (request) => {
      const raw = rawBody(request.event);
      if (raw === undefined) return;
      if (!isJson(lowerHeaders(request.event.headers)["content-type"])) throw new UnsupportedMediaType("Request bodies must be application/json.");
      try {
        request.internal.json = JSON.parse(raw);
      } catch {
        throw new ValidationError("The body is not valid JSON.", [{ path: "", message: "malformed JSON" }]);
      }
    },
  };
}
