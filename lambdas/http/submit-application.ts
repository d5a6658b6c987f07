import { authedRoute } from "../middleware/route.ts";
import { okVersioned } from "../middleware/response.ts";
import { ApplicationParams } from "../schemas/application.ts";
import { submitApplication } from "../services/applications.ts";

export const handler = authedRoute("submit-application", { params: ApplicationParams }, async (req) =>
  okVersioned(await submitApplication(req.params.id, req.actor)),
);
