import { useEffect, useState } from "react";
import { api } from "../api/client.ts";
import type { NotificationItem } from "../../../lambdas/schemas/notifications.ts";

// The inbox's unread count: notices newer than the last one the firm saw on its inbox page. What was
// seen is remembered in this browser only (the API keeps no read state), per signed-in account.

const key = (sub: string) => `sandbox-registry:notices-seen:${sub}`;

export function lastSeen(sub: string): string {
  try {
    return window.localStorage.getItem(key(sub)) ?? "";
  } catch {
    return "";
  }
}

export function markSeen(sub: string, newestAt: string | undefined): void {
  if (!newestAt || newestAt <= lastSeen(sub)) return;
  try {
    window.localStorage.setItem(key(sub), newestAt);
    window.dispatchEvent(new Event("notices-seen"));
  } catch {
    // private mode: the count simply stays
  }
}

export function countUnread(items: readonly Pick<NotificationItem, "at">[], seen: string): number {
  return items.filter((n) => n.at > seen).length;
}

/** Unread notices of the signed-in applicant, refreshed when the page changes or the inbox is read. */
export function useUnreadCount(sub: string | undefined, path: string): number {
  const [count, setCount] = useState(0);
  const [seenTick, setSeenTick] = useState(0);
  useEffect(() => {
    const onSeen = () => setSeenTick((t) => t + 1);
    window.addEventListener("notices-seen", onSeen);
    return () => window.removeEventListener("notices-seen", onSeen);
  }, []);
  useEffect(() => {
    if (!sub) return;
    const controller = new AbortController();
    api
      .get<{ items: NotificationItem[] }>("/api/notifications?limit=100", { signal: controller.signal })
      .then((r) => setCount(countUnread(r.data.items, lastSeen(sub))))
      .catch(() => undefined); // the count is a hint; the inbox page shows errors
    return () => controller.abort();
  }, [sub, path, seenTick]);
  return sub ? count : 0;
}
