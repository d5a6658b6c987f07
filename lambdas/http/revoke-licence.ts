import { authedRoute } from "../middleware/route.ts";
import { revokeLicenceRoute } from "../routes/review.ts";
import { okVersioned } from "../middleware/response.ts";
import { reviewerAction } from "../services/licences.ts";

export const handler = authedRoute(revokeLicenceRoute, async (req) =>
  okVersioned(await reviewerAction(req.params.licenceNumber, "revoke", req.body.reason, req.actor)),
);
