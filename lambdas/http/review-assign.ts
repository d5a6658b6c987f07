import { authedRoute } from "../middleware/route.ts";
import { reviewAssignRoute } from "../routes/review.ts";
import { okVersioned } from "../middleware/response.ts";
import { assign } from "../services/review.ts";

export const handler = authedRoute(reviewAssignRoute, async (req) => okVersioned(await assign(req.params.id, req.actor)));
