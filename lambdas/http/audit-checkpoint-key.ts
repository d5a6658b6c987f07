import { authedRoute } from "../middleware/route.ts";
import { auditCheckpointKeyRoute } from "../routes/audit.ts";
import { ok } from "../middleware/response.ts";
import { logAuditorRead } from "../middleware/audit-read-log.ts";
import { NotFound } from "../domain/errors.ts";
import { latestCheckpoint } from "../store/audit.ts";

// The key the latest checkpoint is signed with, as the sequencer published it beside the checkpoint.
// Auditors should pin it out of band: a key read from the service proves nothing about the service.
export const handler = authedRoute(auditCheckpointKeyRoute, async (req) => {
  logAuditorRead(req);
  const head = await latestCheckpoint();
  if (!head) throw new NotFound("The log has no signed checkpoint yet.");
  return ok({ origin: head.origin, keyName: head.keyName, vkey: head.vkey });
});
