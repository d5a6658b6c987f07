import { authedRoute } from "../middleware/route.ts";
import { postMeterReadingsRoute } from "../routes/energy.ts";
import { ok } from "../middleware/response.ts";
import { postMeterReadings } from "../services/meter-readings.ts";

// 200, not 201: a re-post creates nothing, and the answer says what was stored, unchanged or corrected.
export const handler = authedRoute(postMeterReadingsRoute, async (req) => ok(await postMeterReadings(req.body, req.actor)));
