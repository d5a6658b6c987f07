import { authedRoute } from "../middleware/route.ts";
import { okVersioned, parseIfMatch } from "../middleware/response.ts";
import { ApplicationParams, PatchApplication } from "../schemas/application.ts";
import { updateApplication } from "../services/applications.ts";

export const handler = authedRoute("update-application", { params: ApplicationParams, body: PatchApplication }, async (req) =>
  okVersioned(await updateApplication(req.params.id, req.body, parseIfMatch(req.headers["if-match"]), req.actor)),
);
