import { authedRoute } from "../middleware/route.ts";
import { listLicenceCurtailmentsRoute } from "../routes/curtailment.ts";
import { ok } from "../middleware/response.ts";
import { listLicenceCurtailments } from "../services/curtailment-actions.ts";

export const handler = authedRoute(listLicenceCurtailmentsRoute, async (req) =>
  ok(await listLicenceCurtailments(req.params.licenceNumber, req.actor, req.query.limit, req.query.cursor)),
);
