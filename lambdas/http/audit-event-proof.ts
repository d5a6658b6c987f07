import { authedRoute } from "../middleware/route.ts";
import { ok } from "../middleware/response.ts";
import { logAuditorRead } from "../middleware/audit-read-log.ts";
import { ProofParams, ProofQuery } from "../schemas/review.ts";
import { inclusionProof } from "../services/audit-log.ts";

// One event's RFC 9162 inclusion proof, against the latest checkpoint's tree or `treeSize`.
export const handler = authedRoute("audit-event-proof", { params: ProofParams, query: ProofQuery }, async (req) => {
  logAuditorRead(req, { seq: req.params.seq, treeSize: req.query.treeSize });
  return ok(await inclusionProof(req.params.seq, req.query.treeSize));
});
