import { authedRoute } from "../middleware/route.ts";
import { auditListReturnsRoute } from "../routes/audit.ts";
import { ok } from "../middleware/response.ts";
import { logAuditorRead } from "../middleware/audit-read-log.ts";
import { auditReturns } from "../services/returns.ts";

export const handler = authedRoute(auditListReturnsRoute, async (req) => {
  const { limit, cursor, ...filters } = req.query;
  logAuditorRead(req, { ...filters, limit, cursor });
  return ok(await auditReturns(filters, limit, cursor));
});
