import { authedRoute } from "../middleware/route.ts";
import { reviewGetDocumentRoute } from "../routes/review.ts";
import { ok } from "../middleware/response.ts";
// From services/documents.ts, not services/review.ts: only this review route needs the S3 client.
import { staffDocumentLink } from "../services/documents.ts";

export const handler = authedRoute(reviewGetDocumentRoute, async (req) =>
  ok(await staffDocumentLink(req.params.id, req.params.documentId)),
);
