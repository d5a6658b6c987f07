import { route } from "../middleware/route.ts";
import { ok } from "../middleware/response.ts";
import { Page } from "../schemas/common.ts";
import { listRounds } from "../store/rounds.ts";

// Public dashboard data: every published round with each line's MW as the ledger holds them.
export const handler = route("list-allocations", { query: Page }, async (req) => ok(await listRounds(req.query)));
