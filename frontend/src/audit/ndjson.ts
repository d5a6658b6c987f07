import { api, withQuery } from "../api/client.ts";
import type { AuditEventView as AuditEvent, EventsPage } from "../../../lambdas/schemas/audit.ts";

// Every event, in order, one JSON object a line: the file `npm run audit:verify -- FILE` checks offline.

// The API pages at most 100 events (EventsQuery extends Page).
const PAGE = 100;

export async function fetchAllEvents(onProgress: (count: number) => void, signal?: AbortSignal): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let afterSeq = 0;
  for (;;) {
    const { data } = await api.get<EventsPage>(withQuery("/api/audit/events", { afterSeq, limit: PAGE }), { signal });
    events.push(...data.items);
    onProgress(events.length);
    const next = nextAfterSeq(data);
    if (next === null) return events;
    afterSeq = next;
  }
}

/** Where the next page starts: after the page's last event while the API names a next page; null at the end. */
export function nextAfterSeq(page: EventsPage): number | null {
  return page.nextCursor === null || page.items.length === 0 ? null : page.items[page.items.length - 1].seq;
}

export function toNdjson(events: readonly unknown[]): string {
  return events.map((e) => JSON.stringify(e)).join("\n") + (events.length ? "\n" : "");
}

/** Hands a string to the browser as a file download. */
export function saveFile(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
