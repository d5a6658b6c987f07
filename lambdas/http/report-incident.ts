import { authedRoute } from "../middleware/route.ts";
import { created } from "../middleware/response.ts";
import { LicenceParams } from "../schemas/review.ts";
import { IncidentInput } from "../schemas/supervision.ts";
import { reportIncident } from "../services/incidents.ts";

export const handler = authedRoute("report-incident", { params: LicenceParams, body: IncidentInput }, async (req) =>
  created(await reportIncident(req.params.licenceNumber, req.body, req.actor)),
);
