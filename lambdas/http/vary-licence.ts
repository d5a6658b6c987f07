import { authedRoute } from "../middleware/route.ts";
import { okVersioned } from "../middleware/response.ts";
import { LicenceParams } from "../schemas/review.ts";
import { VaryLicence } from "../schemas/supervision.ts";
import { varyLicence } from "../services/licence-supervision.ts";

export const handler = authedRoute("vary-licence", { params: LicenceParams, body: VaryLicence }, async (req) =>
  okVersioned(await varyLicence(req.params.licenceNumber, req.body.approvedMw, req.body.reason, req.actor)),
);
