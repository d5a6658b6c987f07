import { authedRoute } from "../middleware/route.ts";
import { created } from "../middleware/response.ts";
import { DeclareCurtailment } from "../schemas/curtailment.ts";
import { declareCurtailment } from "../services/curtailments.ts";

export const handler = authedRoute("declare-curtailment", { body: DeclareCurtailment }, async (req) => created(await declareCurtailment(req.body, req.actor)));
