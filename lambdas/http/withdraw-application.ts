import { authedRoute } from "../middleware/route.ts";
import { okVersioned } from "../middleware/response.ts";
import { ApplicationParams, OptionalReasonBody } from "../schemas/application.ts";
import { withdrawApplication } from "../services/applications.ts";

export const handler = authedRoute("withdraw-application", { params: ApplicationParams, body: OptionalReasonBody }, async (req) =>
  okVersioned(await withdrawApplication(req.params.id, req.actor, req.body?.reason)),
);
