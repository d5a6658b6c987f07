import { authedRoute } from "../middleware/route.ts";
import { getLicenceEnergyRoute } from "../routes/energy.ts";
import { ok } from "../middleware/response.ts";
import { licenceEnergy } from "../services/energy.ts";

export const handler = authedRoute(getLicenceEnergyRoute, async (req) => ok(await licenceEnergy(req.params.licenceNumber, req.actor)));
