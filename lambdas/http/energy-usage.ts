import { route } from "../middleware/route.ts";
import { energyUsageRoute } from "../routes/energy.ts";
import { ok } from "../middleware/response.ts";
import { energyUsage } from "../services/energy.ts";

export const handler = route(energyUsageRoute, async (req) => ok(await energyUsage(req.query.roundId)));
