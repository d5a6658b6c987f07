import { authedRoute } from "../middleware/route.ts";
import { createApplicationRoute } from "../routes/applicant.ts";
import { okVersioned } from "../middleware/response.ts";
import { createApplication } from "../services/applications.ts";

export const handler = authedRoute(createApplicationRoute, async (req) =>
  okVersioned(await createApplication(req.body, req.actor), 201),
);
