import * as z from "zod";
import { NOTICE_KINDS } from "../domain/notices.ts";
import { page } from "./common.ts";

// A notice as GET /api/notifications answers it; the web app's type is inferred from this schema.
export const NotificationItem = z.strictObject({
  notificationId: z.string(),
  at: z.string(),
  kind: z.enum(NOTICE_KINDS),
  subject: z.string(),
  body: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  email: z.strictObject({ to: z.string(), status: z.enum(["SENT", "FAILED", "PENDING"]) }),
});
export type NotificationItem = z.infer<typeof NotificationItem>;

export const NotificationPage = page(NotificationItem);
