import { authedRoute } from "../middleware/route.ts";
import { ok } from "../middleware/response.ts";
import { logAuditorRead } from "../middleware/audit-read-log.ts";
import { DocumentIdParams } from "../schemas/application.ts";
import { auditorDocumentLink } from "../services/documents.ts";

export const handler = authedRoute("audit-get-document", { params: DocumentIdParams }, async (req) => {
  logAuditorRead(req, { documentId: req.params.documentId });
  return ok(await auditorDocumentLink(req.params.documentId));
});
