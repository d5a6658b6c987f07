import { route } from "../middleware/route.ts";
import { ok } from "../middleware/response.ts";
import { UsageQuery } from "../schemas/energy.ts";
import { energyUsage } from "../services/energy.ts";

export const handler = route("energy-usage", { query: UsageQuery }, async (req) => ok(await energyUsage(req.query.roundId)));
