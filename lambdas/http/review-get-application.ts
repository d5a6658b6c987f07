import { authedRoute } from "../middleware/route.ts";
import { okVersioned } from "../middleware/response.ts";
import { ApplicationParams } from "../schemas/application.ts";
import { reviewApplication } from "../services/review.ts";

export const handler = authedRoute("review-get-application", { params: ApplicationParams }, async (req) =>
  okVersioned(await reviewApplication(req.params.id)),
);
