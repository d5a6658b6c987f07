import { authedRoute } from "../middleware/route.ts";
import { reviewGetApplicationRoute } from "../routes/review.ts";
import { okVersioned } from "../middleware/response.ts";
import { reviewApplication } from "../services/review.ts";

export const handler = authedRoute(reviewGetApplicationRoute, async (req) =>
  okVersioned(await reviewApplication(req.params.id)),
);
