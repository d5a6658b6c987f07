import { authedRoute } from "../middleware/route.ts";
import { surrenderLicenceRoute } from "../routes/applicant.ts";
import { okVersioned } from "../middleware/response.ts";
import { surrender } from "../services/licences.ts";

export const handler = authedRoute(surrenderLicenceRoute, async (req) =>
  okVersioned(await surrender(req.params.licenceNumber, req.body.reason, req.actor)),
);
