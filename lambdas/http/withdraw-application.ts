import { authedRoute } from "../middleware/route.ts";
import { withdrawApplicationRoute } from "../routes/applicant.ts";
import { okVersioned } from "../middleware/response.ts";
import { withdrawApplication } from "../services/applications.ts";

export const handler = authedRoute(withdrawApplicationRoute, async (req) =>
  okVersioned(await withdrawApplication(req.params.id, req.actor, req.body?.reason)),
);
