import { authedRoute } from "../middleware/route.ts";
import { reviewDecisionRoute } from "../routes/review.ts";
import { okVersioned } from "../middleware/response.ts";
import { decide } from "../services/review.ts";

export const handler = authedRoute(reviewDecisionRoute, async (req) =>
  okVersioned(await decide(req.params.id, req.body, req.actor)),
);
