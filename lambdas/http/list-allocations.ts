import { route } from "../middleware/route.ts";
import { listAllocationsRoute } from "../routes/public.ts";
import { ok } from "../middleware/response.ts";
import { listRounds } from "../store/rounds.ts";

// Public dashboard data: every published round with each line's MW as the ledger holds them.
export const handler = route(listAllocationsRoute, async (req) => ok(await listRounds(req.query)));
