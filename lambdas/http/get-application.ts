import { authedRoute } from "../middleware/route.ts";
import { getApplicationRoute } from "../routes/applicant.ts";
import { okVersioned } from "../middleware/response.ts";
import { viewOwnApplication } from "../services/applications.ts";

export const handler = authedRoute(getApplicationRoute, async (req) =>
  okVersioned(await viewOwnApplication(req.params.id, req.actor)),
);
