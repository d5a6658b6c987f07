import { authedRoute } from "../middleware/route.ts";
import { ok } from "../middleware/response.ts";
import { AckCurtailment, CurtailmentParams } from "../schemas/curtailment.ts";
import { acknowledgeCurtailment } from "../services/curtailment-actions.ts";

export const handler = authedRoute("ack-curtailment", { params: CurtailmentParams, body: AckCurtailment }, async (req) =>
  ok(await acknowledgeCurtailment(req.params.id, req.body?.licenceNumber, req.actor)),
);
