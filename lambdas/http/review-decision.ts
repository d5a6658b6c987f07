import { authedRoute } from "../middleware/route.ts";
import { okVersioned } from "../middleware/response.ts";
import { ApplicationParams } from "../schemas/application.ts";
import { Decision } from "../schemas/review.ts";
import { decide } from "../services/review.ts";

export const handler = authedRoute("review-decision", { params: ApplicationParams, body: Decision }, async (req) =>
  okVersioned(await decide(req.params.id, req.body, req.actor)),
);
