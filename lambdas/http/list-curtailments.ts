import { authedRoute } from "../middleware/route.ts";
import { listCurtailmentsRoute } from "../routes/curtailment.ts";
import { ok } from "../middleware/response.ts";
import { listCurtailmentsFor } from "../services/curtailments.ts";

export const handler = authedRoute(listCurtailmentsRoute, async (req) =>
  ok(await listCurtailmentsFor({ region: req.query.region, status: req.query.status }, req.actor, req.query.limit, req.query.cursor)),
);
