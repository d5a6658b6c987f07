import { authedRoute } from "../middleware/route.ts";
import { okVersioned } from "../middleware/response.ts";
import { ApplicationParams } from "../schemas/application.ts";
import { applicantView } from "../domain/application.ts";
import { getOwnApplication } from "../services/applications.ts";

export const handler = authedRoute("get-application", { params: ApplicationParams }, async (req) =>
  okVersioned(applicantView(await getOwnApplication(req.params.id, req.actor))),
);
