import { authedRoute } from "../middleware/route.ts";
import { ok } from "../middleware/response.ts";
import { DocumentParams } from "../schemas/application.ts";
import { ownDocumentLink } from "../services/documents.ts";

export const handler = authedRoute("get-document", { params: DocumentParams }, async (req) =>
  ok(await ownDocumentLink(req.params.id, req.params.documentId, req.actor)),
);
