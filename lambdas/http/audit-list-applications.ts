import { authedRoute } from "../middleware/route.ts";
import { ok } from "../middleware/response.ts";
import { logAuditorRead } from "../middleware/audit-read-log.ts";
import { AuditApplicationsQuery } from "../schemas/review.ts";
import { auditApplications } from "../services/audit-records.ts";

export const handler = authedRoute("audit-list-applications", { query: AuditApplicationsQuery }, async (req) => {
  const { limit, cursor, ...filters } = req.query;
  logAuditorRead(req, { ...filters, limit, cursor });
  return ok(await auditApplications(filters, limit, cursor));
});
