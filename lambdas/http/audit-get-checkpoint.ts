import { authedRoute } from "../middleware/route.ts";
import { auditGetCheckpointRoute } from "../routes/audit.ts";
import { text } from "../middleware/response.ts";
import { logAuditorRead } from "../middleware/audit-read-log.ts";
import { NotFound } from "../domain/errors.ts";
import { latestCheckpoint } from "../store/audit.ts";

// The latest signed checkpoint, exactly as signed: a C2SP signed note.
export const handler = authedRoute(auditGetCheckpointRoute, async (req) => {
  logAuditorRead(req);
  const head = await latestCheckpoint();
  if (!head) throw new NotFound("The log has no signed checkpoint yet.");
  return text(head.note, "text/plain; charset=utf-8");
});
