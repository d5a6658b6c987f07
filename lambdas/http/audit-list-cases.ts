import { authedRoute } from "../middleware/route.ts";
import { auditListCasesRoute } from "../routes/audit.ts";
import { ok } from "../middleware/response.ts";
import { logAuditorRead } from "../middleware/audit-read-log.ts";
import { auditCases } from "../services/supervision-queue.ts";

export const handler = authedRoute(auditListCasesRoute, async (req) => {
  const { limit, cursor, ...filters } = req.query;
  logAuditorRead(req, { ...filters, limit, cursor });
  return ok(await auditCases(filters, limit, cursor));
});
