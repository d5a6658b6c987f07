import { authedRoute } from "../middleware/route.ts";
import { ackCurtailmentRoute } from "../routes/curtailment.ts";
import { ok } from "../middleware/response.ts";
import { acknowledgeCurtailment } from "../services/curtailment-actions.ts";

export const handler = authedRoute(ackCurtailmentRoute, async (req) =>
  ok(await acknowledgeCurtailment(req.params.id, req.body?.licenceNumber, req.actor)),
);
