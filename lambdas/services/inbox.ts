import type { Actor } from "../domain/actor.ts";
import { listNotices } from "../store/notifications.ts";
import type { NotificationItem } from "../schemas/notifications.ts";

/** The in-app inbox: a firm's own notices, newest first, in the API's shape. */
export async function listMyNotifications(actor: Actor, limit: number, cursor?: string): Promise<{ items: NotificationItem[]; nextCursor: string | null }> {
  const page = await listNotices(actor.sub, limit, cursor);
  return {
    items: page.items.map((n) => ({
      notificationId: n.notificationId,
      at: n.at,
      kind: n.kind,
      subject: n.subject,
      body: n.body,
      entityType: n.entityType,
      entityId: n.entityId,
      // A send in progress is still pending to the firm.
      email: { to: n.email.to, status: n.email.status === "SENDING" ? "PENDING" : n.email.status },
    })),
    nextCursor: page.nextCursor,
  };
}
