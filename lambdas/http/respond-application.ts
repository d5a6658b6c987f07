import { authedRoute } from "../middleware/route.ts";
import { respondApplicationRoute } from "../routes/applicant.ts";
import { okVersioned } from "../middleware/response.ts";
import { respondToInfoRequest } from "../services/applications.ts";

export const handler = authedRoute(respondApplicationRoute, async (req) =>
  okVersioned(await respondToInfoRequest(req.params.id, req.body.message, req.actor)),
);
