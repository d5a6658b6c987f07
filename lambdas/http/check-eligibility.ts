import { route } from "../middleware/route.ts";
import { ok } from "../middleware/response.ts";
import { EligibilityRequest } from "../schemas/allocations.ts";
import { checkEligibility } from "../services/rounds.ts";

// Public pre-check: a firm learns every reason it would not get the MW it asks for, before applying.
export const handler = route("check-eligibility", { body: EligibilityRequest }, async (req) => ok(await checkEligibility(req.body)));
