import { authedRoute } from "../middleware/route.ts";
import { auditEventsHeadRoute } from "../routes/audit.ts";
import { ok } from "../middleware/response.ts";
import { logAuditorRead } from "../middleware/audit-read-log.ts";
import { readEventsHead } from "../store/audit.ts";

// `{ seq, rootHash, at, pendingEvents, oldestPendingSeconds }`: the latest signed checkpoint and the
// committed events it does not cover yet.
export const handler = authedRoute(auditEventsHeadRoute, async (req) => {
  logAuditorRead(req);
  return ok(await readEventsHead());
});
