import { authedRoute } from "../middleware/route.ts";
import { ok } from "../middleware/response.ts";
import { logAuditorRead } from "../middleware/audit-read-log.ts";
import { ApplicationParams } from "../schemas/application.ts";
import { auditApplication } from "../services/audit-records.ts";

export const handler = authedRoute("audit-get-application", { params: ApplicationParams }, async (req) => {
  logAuditorRead(req, { applicationId: req.params.id });
  return ok(await auditApplication(req.params.id));
});
