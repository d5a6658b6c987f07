import { authedRoute } from "../middleware/route.ts";
import { updateApplicationRoute } from "../routes/applicant.ts";
import { okVersioned, parseIfMatch } from "../middleware/response.ts";
import { updateApplication } from "../services/applications.ts";

export const handler = authedRoute(updateApplicationRoute, async (req) =>
  okVersioned(await updateApplication(req.params.id, req.body, parseIfMatch(req.headers["if-match"]), req.actor)),
);
