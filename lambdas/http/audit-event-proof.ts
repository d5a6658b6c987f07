import { authedRoute } from "../middleware/route.ts";
import { auditEventProofRoute } from "../routes/audit.ts";
import { ok } from "../middleware/response.ts";
import { logAuditorRead } from "../middleware/audit-read-log.ts";
import { inclusionProof } from "../services/audit-log.ts";

// One event's RFC 9162 inclusion proof, against the latest checkpoint's tree or `treeSize`.
export const handler = authedRoute(auditEventProofRoute, async (req) => {
  logAuditorRead(req, { seq: req.params.seq, treeSize: req.query.treeSize });
  return ok(await inclusionProof(req.params.seq, req.query.treeSize));
});
