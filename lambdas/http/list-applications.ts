import { authedRoute } from "../middleware/route.ts";
import { listApplicationsRoute } from "../routes/applicant.ts";
import { ok } from "../middleware/response.ts";
import { listOwnApplications } from "../services/applications.ts";

export const handler = authedRoute(listApplicationsRoute, async (req) =>
  ok(await listOwnApplications(req.actor, req.query.limit, req.query.cursor)),
);
