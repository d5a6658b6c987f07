import { authedRoute } from "../middleware/route.ts";
import { okVersioned } from "../middleware/response.ts";
import { DocumentParams } from "../schemas/application.ts";
import { confirmUpload } from "../services/documents.ts";

export const handler = authedRoute("confirm-document", { params: DocumentParams }, async (req) =>
  okVersioned(await confirmUpload(req.params.id, req.params.documentId, req.actor)),
);
