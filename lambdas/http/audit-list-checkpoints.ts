import { authedRoute } from "../middleware/route.ts";
import { auditListCheckpointsRoute } from "../routes/audit.ts";
import { ok } from "../middleware/response.ts";
import { logAuditorRead } from "../middleware/audit-read-log.ts";
import { listArchivedCheckpoints } from "../store/audit.ts";

// The checkpoints the audit-checkpoint job archived to the Object Lock bucket, newest first.
export const handler = authedRoute(auditListCheckpointsRoute, async (req) => {
  logAuditorRead(req, { limit: req.query.limit, cursor: req.query.cursor });
  return ok(await listArchivedCheckpoints(req.query.limit, req.query.cursor));
});
