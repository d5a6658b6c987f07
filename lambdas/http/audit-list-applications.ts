import { authedRoute } from "../middleware/route.ts";
import { auditListApplicationsRoute } from "../routes/audit.ts";
import { ok } from "../middleware/response.ts";
import { logAuditorRead } from "../middleware/audit-read-log.ts";
import { auditApplications } from "../services/audit-records.ts";

export const handler = authedRoute(auditListApplicationsRoute, async (req) => {
  const { limit, cursor, ...filters } = req.query;
  logAuditorRead(req, { ...filters, limit, cursor });
  return ok(await auditApplications(filters, limit, cursor));
});
