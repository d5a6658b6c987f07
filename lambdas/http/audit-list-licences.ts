import { authedRoute } from "../middleware/route.ts";
import { auditListLicencesRoute } from "../routes/audit.ts";
import { ok } from "../middleware/response.ts";
import { logAuditorRead } from "../middleware/audit-read-log.ts";
import { auditLicences } from "../services/licences.ts";

export const handler = authedRoute(auditListLicencesRoute, async (req) => {
  const { limit, cursor, ...filters } = req.query;
  logAuditorRead(req, { ...filters, limit, cursor });
  return ok(await auditLicences(filters, limit, cursor));
});
