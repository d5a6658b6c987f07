import { authedRoute } from "../middleware/route.ts";
import { okVersioned } from "../middleware/response.ts";
import { ApplicationParams, MessageBody } from "../schemas/application.ts";
import { respondToInfoRequest } from "../services/applications.ts";

export const handler = authedRoute("respond-application", { params: ApplicationParams, body: MessageBody }, async (req) =>
  okVersioned(await respondToInfoRequest(req.params.id, req.body.message, req.actor)),
);
