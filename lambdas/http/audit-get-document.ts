import { authedRoute } from "../middleware/route.ts";
import { auditGetDocumentRoute } from "../routes/audit.ts";
import { ok } from "../middleware/response.ts";
import { logAuditorRead } from "../middleware/audit-read-log.ts";
import { auditorDocumentLink } from "../services/documents.ts";

export const handler = authedRoute(auditGetDocumentRoute, async (req) => {
  logAuditorRead(req, { documentId: req.params.documentId });
  return ok(await auditorDocumentLink(req.params.documentId));
});
