import { route } from "../middleware/route.ts";
import { checkEligibilityRoute } from "../routes/public.ts";
import { ok } from "../middleware/response.ts";
import { checkEligibility } from "../services/rounds.ts";

// Public pre-check: a firm learns every reason it would not get the MW it asks for, before applying.
export const handler = route(checkEligibilityRoute, async (req) => ok(await checkEligibility(req.body)));
