import { authedRoute } from "../middleware/route.ts";
import { auditConsistencyRoute } from "../routes/audit.ts";
import { ok } from "../middleware/response.ts";
import { logAuditorRead } from "../middleware/audit-read-log.ts";
import { consistencyProof } from "../services/audit-log.ts";

// RFC 9162 consistency proof: the tree of `to` events extends the tree of `from` events.
export const handler = authedRoute(auditConsistencyRoute, async (req) => {
  logAuditorRead(req, { from: req.query.from, to: req.query.to });
  return ok(await consistencyProof(req.query.from, req.query.to));
});
