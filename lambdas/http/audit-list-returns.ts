import { authedRoute } from "../middleware/route.ts";
import { ok } from "../middleware/response.ts";
import { logAuditorRead } from "../middleware/audit-read-log.ts";
import { AuditReturnsQuery } from "../schemas/supervision.ts";
import { auditReturns } from "../services/returns.ts";

export const handler = authedRoute("audit-list-returns", { query: AuditReturnsQuery }, async (req) => {
  const { limit, cursor, ...filters } = req.query;
  logAuditorRead(req, { ...filters, limit, cursor });
  return ok(await auditReturns(filters, limit, cursor));
});
