import type { Req } from "./route.ts";
import { logger } from "./logger.ts";

// Auditors may read everything, so every auditor read leaves a structured log line: who (sub and
// the groups/scopes that let them in), what (route, ids, filters, paging) and when. No personal
// data: `sub` is pseudonymous, and callers pass ids and filter values, never names, e-mails or
// document contents.

export type ReadDetail = Record<string, string | number | boolean | null | undefined | readonly string[]>;

/** The log message every auditor read is written under; alarms and log queries match on it. */
export const AUDITOR_READ = "auditor read";

/**
 * Call once per auditor request, with the ids and filters that say what was read, e.g.
 * `logAuditorRead(req, { applicationId: req.params.id })` or `logAuditorRead(req, { status, cursor })`.
 */
export function logAuditorRead(req: Pick<Req<unknown, unknown, unknown>, "route" | "actor" | "requestId">, what: ReadDetail = {}): void {
  const detail: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(what)) if (value !== undefined) detail[key] = value;
  logger.info(AUDITOR_READ, {
    auditorRead: {
      who: { sub: req.actor?.sub ?? null, groups: req.actor?.groups ?? [], scopes: req.actor?.scopes ?? [] },
      what: { route: req.route.id, method: req.route.method, path: req.route.path, ...detail },
      when: new Date().toISOString(),
      requestId: req.requestId,
    },
  });
}
