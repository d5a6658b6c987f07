import { authedRoute } from "../middleware/route.ts";
import { ok } from "../middleware/response.ts";
import { CurtailmentsQuery } from "../schemas/curtailment.ts";
import { listCurtailmentsFor } from "../services/curtailments.ts";

export const handler = authedRoute("list-curtailments", { query: CurtailmentsQuery }, async (req) =>
  ok(await listCurtailmentsFor({ region: req.query.region, status: req.query.status }, req.actor, req.query.limit, req.query.cursor)),
);
