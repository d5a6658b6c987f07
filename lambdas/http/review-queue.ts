import { authedRoute } from "../middleware/route.ts";
import { ok } from "../middleware/response.ts";
import { QueueQuery } from "../schemas/review.ts";
import { reviewQueue } from "../services/review.ts";

export const handler = authedRoute("review-queue", { query: QueueQuery }, async (req) => {
  const { limit, cursor, ...filters } = req.query;
  return ok(await reviewQueue(filters, limit, cursor));
});
