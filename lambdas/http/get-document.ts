import { authedRoute } from "../middleware/route.ts";
import { getDocumentRoute } from "../routes/applicant.ts";
import { ok } from "../middleware/response.ts";
import { ownDocumentLink } from "../services/documents.ts";

export const handler = authedRoute(getDocumentRoute, async (req) =>
  ok(await ownDocumentLink(req.params.id, req.params.documentId, req.actor)),
);
