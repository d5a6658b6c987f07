import { authedRoute } from "../middleware/route.ts";
import { okVersioned } from "../middleware/response.ts";
import { ApplicationParams } from "../schemas/application.ts";
import { RequestInfo } from "../schemas/review.ts";
import { requestInfo } from "../services/review.ts";

export const handler = authedRoute("review-request-info", { params: ApplicationParams, body: RequestInfo }, async (req) =>
  okVersioned(await requestInfo(req.params.id, req.body.message, req.actor)),
);
