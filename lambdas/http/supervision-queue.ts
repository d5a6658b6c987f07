import { authedRoute } from "../middleware/route.ts";
import { supervisionQueueRoute } from "../routes/supervision.ts";
import { ok } from "../middleware/response.ts";
import { supervisionQueue } from "../services/supervision-queue.ts";

export const handler = authedRoute(supervisionQueueRoute, async (req) =>
  ok(await supervisionQueue({ kind: req.query.kind, licenceNumber: req.query.licenceNumber }, req.query.limit, req.query.cursor)),
);
