import { authedRoute } from "../middleware/route.ts";
import { okVersioned } from "../middleware/response.ts";
import { LicenceParams, ReasonBody } from "../schemas/review.ts";
import { surrender } from "../services/licences.ts";

export const handler = authedRoute("surrender-licence", { params: LicenceParams, body: ReasonBody }, async (req) =>
  okVersioned(await surrender(req.params.licenceNumber, req.body.reason, req.actor)),
);
