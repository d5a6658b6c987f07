import { authedRoute } from "../middleware/route.ts";
import { reinstateLicenceRoute } from "../routes/review.ts";
import { okVersioned } from "../middleware/response.ts";
import { reviewerAction } from "../services/licences.ts";

export const handler = authedRoute(reinstateLicenceRoute, async (req) =>
  okVersioned(await reviewerAction(req.params.licenceNumber, "reinstate", req.body.reason, req.actor)),
);
