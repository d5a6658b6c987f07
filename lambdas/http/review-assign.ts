import { authedRoute } from "../middleware/route.ts";
import { okVersioned } from "../middleware/response.ts";
import { ApplicationParams } from "../schemas/application.ts";
import { assign } from "../services/review.ts";

export const handler = authedRoute("review-assign", { params: ApplicationParams }, async (req) => okVersioned(await assign(req.params.id, req.actor)));
