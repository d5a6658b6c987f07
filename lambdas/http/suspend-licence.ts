import { authedRoute } from "../middleware/route.ts";
import { suspendLicenceRoute } from "../routes/review.ts";
import { okVersioned } from "../middleware/response.ts";
import { reviewerAction } from "../services/licences.ts";

export const handler = authedRoute(suspendLicenceRoute, async (req) =>
  okVersioned(await reviewerAction(req.params.licenceNumber, "suspend", req.body.reason, req.actor)),
);
