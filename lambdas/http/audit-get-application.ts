import { authedRoute } from "../middleware/route.ts";
import { auditGetApplicationRoute } from "../routes/audit.ts";
import { ok } from "../middleware/response.ts";
import { logAuditorRead } from "../middleware/audit-read-log.ts";
import { auditApplication } from "../services/audit-records.ts";

export const handler = authedRoute(auditGetApplicationRoute, async (req) => {
  logAuditorRead(req, { applicationId: req.params.id });
  return ok(await auditApplication(req.params.id));
});
