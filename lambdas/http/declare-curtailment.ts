import { authedRoute } from "../middleware/route.ts";
import { declareCurtailmentRoute } from "../routes/curtailment.ts";
import { created } from "../middleware/response.ts";
import { declareCurtailment } from "../services/curtailments.ts";

export const handler = authedRoute(declareCurtailmentRoute, async (req) => created(await declareCurtailment(req.body, req.actor)));
