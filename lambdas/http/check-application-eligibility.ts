import { authedRoute } from "../middleware/route.ts";
import { checkApplicationEligibilityRoute } from "../routes/applicant.ts";
import { ok } from "../middleware/response.ts";
import { draftEligibility } from "../services/draft-eligibility.ts";

export const handler = authedRoute(checkApplicationEligibilityRoute, async (req) =>
  ok(await draftEligibility(req.params.id, req.actor)),
);
