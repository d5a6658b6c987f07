import { authedRoute } from "../middleware/route.ts";
import { confirmDocumentRoute } from "../routes/applicant.ts";
import { etagOf, ok } from "../middleware/response.ts";
import { confirmUpload } from "../services/documents.ts";

// Answers the verified document; the ETag is the updated application's, for the client's next PATCH.
export const handler = authedRoute(confirmDocumentRoute, async (req) => {
  const confirmed = await confirmUpload(req.params.id, req.params.documentId, req.actor);
  return ok(confirmed, { etag: etagOf(confirmed.application.version) });
});
