import { authedRoute } from "../middleware/route.ts";
import { auditListMeterReadingsRoute } from "../routes/audit.ts";
import { ok } from "../middleware/response.ts";
import { logAuditorRead } from "../middleware/audit-read-log.ts";
import { listMeterReadingsForAuditor } from "../services/energy.ts";

export const handler = authedRoute(auditListMeterReadingsRoute, async (req) => {
  const { limit, cursor, ...filters } = req.query;
  logAuditorRead(req, { ...filters, limit, cursor });
  return ok(await listMeterReadingsForAuditor(filters, limit, cursor));
});
