import { authedRoute } from "../middleware/route.ts";
import { reportIncidentRoute } from "../routes/supervision.ts";
import { created } from "../middleware/response.ts";
import { reportIncident } from "../services/incidents.ts";

export const handler = authedRoute(reportIncidentRoute, async (req) =>
  created(await reportIncident(req.params.licenceNumber, req.body, req.actor)),
);
