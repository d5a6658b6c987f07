import { authedRoute } from "../middleware/route.ts";
import { auditListEventsRoute } from "../routes/audit.ts";
import { ok } from "../middleware/response.ts";
import { logAuditorRead } from "../middleware/audit-read-log.ts";
import { ValidationError } from "../domain/errors.ts";
import { afterSeqOfCursor, eventsCursor, listEvents } from "../store/audit.ts";

// Sequenced audit events in seq order, seq > afterSeq. `cursor` is the opaque form of the same position.
export const handler = authedRoute(auditListEventsRoute, async (req) => {
  const { afterSeq, cursor, limit } = req.query;
  const from = cursor ? afterSeqOfCursor(cursor) : (afterSeq ?? 0);
  if (cursor && afterSeq !== undefined && afterSeq !== from) {
    throw new ValidationError("The query string is not valid.", [{ path: "afterSeq", message: "cursor and afterSeq name different positions; send one" }]);
  }
  logAuditorRead(req, { afterSeq: from, limit });
  const page = await listEvents(from, limit);
  return ok({ items: page.items, nextCursor: eventsCursor(page.nextAfterSeq) });
});
