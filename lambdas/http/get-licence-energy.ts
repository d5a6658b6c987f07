import { authedRoute } from "../middleware/route.ts";
import { ok } from "../middleware/response.ts";
import { LicenceParams } from "../schemas/review.ts";
import { licenceEnergy } from "../services/energy.ts";

export const handler = authedRoute("get-licence-energy", { params: LicenceParams }, async (req) => ok(await licenceEnergy(req.params.licenceNumber, req.actor)));
