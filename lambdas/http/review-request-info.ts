import { authedRoute } from "../middleware/route.ts";
import { reviewRequestInfoRoute } from "../routes/review.ts";
import { okVersioned } from "../middleware/response.ts";
import { requestInfo } from "../services/review.ts";

export const handler = authedRoute(reviewRequestInfoRoute, async (req) =>
  okVersioned(await requestInfo(req.params.id, req.body.message, req.actor)),
);
