import { authedRoute } from "../middleware/route.ts";
import { submitApplicationRoute } from "../routes/applicant.ts";
import { okVersioned } from "../middleware/response.ts";
import { submitApplication } from "../services/applications.ts";

export const handler = authedRoute(submitApplicationRoute, async (req) =>
  okVersioned(await submitApplication(req.params.id, req.actor)),
);
