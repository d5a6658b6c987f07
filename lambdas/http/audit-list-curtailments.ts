import { authedRoute } from "../middleware/route.ts";
import { auditListCurtailmentsRoute } from "../routes/audit.ts";
import { ok } from "../middleware/response.ts";
import { logAuditorRead } from "../middleware/audit-read-log.ts";
import { auditCurtailments } from "../services/curtailments.ts";

export const handler = authedRoute(auditListCurtailmentsRoute, async (req) => {
  const { limit, cursor, ...filters } = req.query;
  logAuditorRead(req, { ...filters, limit, cursor });
  return ok(await auditCurtailments(filters, limit, cursor));
});
