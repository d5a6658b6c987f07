import { authedRoute } from "../middleware/route.ts";
import { varyLicenceRoute } from "../routes/supervision.ts";
import { okVersioned } from "../middleware/response.ts";
import { varyLicence } from "../services/licence-supervision.ts";

export const handler = authedRoute(varyLicenceRoute, async (req) =>
  okVersioned(await varyLicence(req.params.licenceNumber, req.body.approvedMw, req.body.reason, req.actor)),
);
