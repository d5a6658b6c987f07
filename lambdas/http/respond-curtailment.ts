import { authedRoute } from "../middleware/route.ts";
import { okVersioned } from "../middleware/response.ts";
import { CurtailmentParams, RespondCurtailment } from "../schemas/curtailment.ts";
import { respondCurtailment } from "../services/curtailment-actions.ts";

export const handler = authedRoute("respond-curtailment", { params: CurtailmentParams, body: RespondCurtailment }, async (req) =>
  okVersioned(await respondCurtailment(req.params.id, req.body, req.actor)),
);
