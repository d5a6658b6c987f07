import { authedRoute } from "../middleware/route.ts";
import { ok } from "../middleware/response.ts";
import { LicenceCurtailmentsQuery } from "../schemas/curtailment.ts";
import { LicenceParams } from "../schemas/review.ts";
import { listLicenceCurtailments } from "../services/curtailment-actions.ts";

export const handler = authedRoute("list-licence-curtailments", { params: LicenceParams, query: LicenceCurtailmentsQuery }, async (req) =>
  ok(await listLicenceCurtailments(req.params.licenceNumber, req.actor, req.query.limit, req.query.cursor)),
);
