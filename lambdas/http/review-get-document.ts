import { authedRoute } from "../middleware/route.ts";
import { ok } from "../middleware/response.ts";
import { DocumentParams } from "../schemas/application.ts";
import { reviewDocumentLink } from "../services/review.ts";

export const handler = authedRoute("review-get-document", { params: DocumentParams }, async (req) =>
  ok(await reviewDocumentLink(req.params.id, req.params.documentId)),
);
