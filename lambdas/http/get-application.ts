import { authedRoute } from "../middleware/route.ts";
import { okVersioned } from "../middleware/response.ts";
import { ApplicationParams } from "../schemas/application.ts";
import { viewOwnApplication } from "../services/applications.ts";

export const handler = authedRoute("get-application", { params: ApplicationParams }, async (req) =>
  okVersioned(await viewOwnApplication(req.params.id, req.actor)),
);
