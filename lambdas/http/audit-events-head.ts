import { authedRoute } from "../middleware/route.ts";
import { ok } from "../middleware/response.ts";
import { logAuditorRead } from "../middleware/audit-read-log.ts";
import { readAuditHead } from "../store/audit.ts";

// The chain head `{ seq, hash, at }`: what the last event of a complete trail must be.
export const handler = authedRoute("audit-events-head", {}, async (req) => {
  logAuditorRead(req);
  return ok(await readAuditHead());
});
