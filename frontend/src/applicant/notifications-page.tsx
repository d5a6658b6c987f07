import { useEffect } from "react";
import type { NotificationItem } from "../../../lambdas/schemas/notifications.ts";
import { useSession } from "../auth/use-session.ts";
import { Link } from "../router.tsx";
import { usePageTitle } from "../ui/async.tsx";
import { formatDateTime } from "../ui/format.ts";
import { ListStatus, MoreButton, useApiPages } from "../ui/paged.tsx";
import { markSeen } from "./unread.ts";

const MAIL_STATUS: Record<NotificationItem["email"]["status"], string> = { SENT: "e-mailed", PENDING: "e-mail on its way", FAILED: "e-mail failed" };

/** The firm's inbox: every notice, newest first, with whether its e-mail went out. */
export function NotificationsPage() {
  usePageTitle("Notifications");
  const session = useSession();
  const list = useApiPages<NotificationItem>("/api/notifications");
  const newest = list.items[0]?.at;
  useEffect(() => {
    if (session) markSeen(session.sub, newest);
  }, [session, newest]);
  return (
    <section aria-labelledby="notices-title">
      <h1 id="notices-title">Notifications</h1>
      <p>What the council told you about your applications and licences. Each notice was also sent to the application's contact address.</p>
      <ListStatus list={list} loading="Loading your notifications" empty="You have no notifications yet." />
      {list.items.length ? (
        <ol className="notices">
          {list.items.map((n) => (
            <li key={n.notificationId} className="notice">
              <h2>{n.subject}</h2>
              <p className="meta">
                <time dateTime={n.at}>{formatDateTime(n.at)}</time> · {MAIL_STATUS[n.email.status]}
                {n.email.to ? ` to ${n.email.to}` : ""}
              </p>
              {n.body
                .split("\n\n")
                .filter((p) => p && !p.startsWith("Open: ") && !p.startsWith("-- "))
                .map((p, i) => (
                  <p key={i}>{p}</p>
                ))}
              {n.entityType === "application" || n.entityType === "licence" ? (
                <p>
                  <Link to={linkOf(n)}>Open it</Link>
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
      <MoreButton list={list} what="more notifications" />
    </section>
  );
}

/** The page the notice's mail links to (its "Open:" line), as an in-app path. */
function linkOf(n: NotificationItem): string {
  const open = n.body.split("\n").find((line) => line.startsWith("Open: "));
  if (open) {
    try {
      return new URL(open.slice("Open: ".length)).pathname;
    } catch {
      // fall through
    }
  }
  return "/applications";
}
