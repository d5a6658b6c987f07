import { authedRoute } from "../middleware/route.ts";
import { ok } from "../middleware/response.ts";
import { ApplicationParams } from "../schemas/application.ts";
import { draftEligibility } from "../services/draft-eligibility.ts";

export const handler = authedRoute("check-application-eligibility", { params: ApplicationParams }, async (req) =>
  ok(await draftEligibility(req.params.id, req.actor)),
);
