import { authedRoute } from "../middleware/route.ts";
import { reviewQueueRoute } from "../routes/review.ts";
import { ok } from "../middleware/response.ts";
import { reviewQueue } from "../services/review.ts";

export const handler = authedRoute(reviewQueueRoute, async (req) => {
  const { limit, cursor, ...filters } = req.query;
  return ok(await reviewQueue(filters, limit, cursor));
});
