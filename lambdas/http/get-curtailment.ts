import { authedRoute } from "../middleware/route.ts";
import { okVersioned } from "../middleware/response.ts";
import { CurtailmentParams } from "../schemas/curtailment.ts";
import { getCurtailmentFor } from "../services/curtailments.ts";

export const handler = authedRoute("get-curtailment", { params: CurtailmentParams }, async (req) => okVersioned(await getCurtailmentFor(req.params.id, req.actor)));
