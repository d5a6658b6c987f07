import { authedRoute } from "../middleware/route.ts";
import { respondCurtailmentRoute } from "../routes/curtailment.ts";
import { okVersioned } from "../middleware/response.ts";
import { respondCurtailment } from "../services/curtailment-actions.ts";

export const handler = authedRoute(respondCurtailmentRoute, async (req) =>
  okVersioned(await respondCurtailment(req.params.id, req.body, req.actor)),
);
