import { authedRoute } from "../middleware/route.ts";
import { created } from "../middleware/response.ts";
import { ApplicationParams, DocumentRequest } from "../schemas/application.ts";
import { startUpload } from "../services/documents.ts";

export const handler = authedRoute("create-document", { params: ApplicationParams, body: DocumentRequest }, async (req) =>
  created(await startUpload(req.params.id, req.body, req.actor)),
);
