import { authedRoute } from "../middleware/route.ts";
import { getLicenceRoute } from "../routes/review.ts";
import { okVersioned } from "../middleware/response.ts";
import { getLicenceFor } from "../services/licences.ts";

export const handler = authedRoute(getLicenceRoute, async (req) => okVersioned(await getLicenceFor(req.params.licenceNumber, req.actor)));
