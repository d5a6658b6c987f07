import { authedRoute } from "../middleware/route.ts";
import { createDocumentRoute } from "../routes/applicant.ts";
import { created } from "../middleware/response.ts";
import { startUpload } from "../services/documents.ts";

export const handler = authedRoute(createDocumentRoute, async (req) =>
  created(await startUpload(req.params.id, req.body, req.actor)),
);
