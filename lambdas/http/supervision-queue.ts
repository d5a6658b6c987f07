import { authedRoute } from "../middleware/route.ts";
import { ok } from "../middleware/response.ts";
import { SupervisionQueueQuery } from "../schemas/supervision.ts";
import { supervisionQueue } from "../services/supervision-queue.ts";

export const handler = authedRoute("supervision-queue", { query: SupervisionQueueQuery }, async (req) =>
  ok(await supervisionQueue({ kind: req.query.kind, licenceNumber: req.query.licenceNumber }, req.query.limit, req.query.cursor)),
);
