import { authedRoute } from "../middleware/route.ts";
import { okVersioned } from "../middleware/response.ts";
import { LicenceParams, ReasonBody } from "../schemas/review.ts";
import { reviewerAction } from "../services/licences.ts";

export const handler = authedRoute("reinstate-licence", { params: LicenceParams, body: ReasonBody }, async (req) =>
  okVersioned(await reviewerAction(req.params.licenceNumber, "reinstate", req.body.reason, req.actor)),
);
