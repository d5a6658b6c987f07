import { authedRoute } from "../middleware/route.ts";
import { getCurtailmentRoute } from "../routes/curtailment.ts";
import { okVersioned } from "../middleware/response.ts";
import { getCurtailmentFor } from "../services/curtailments.ts";

export const handler = authedRoute(getCurtailmentRoute, async (req) => okVersioned(await getCurtailmentFor(req.params.id, req.actor)));
