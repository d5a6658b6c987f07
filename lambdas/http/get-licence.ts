import { authedRoute } from "../middleware/route.ts";
import { okVersioned } from "../middleware/response.ts";
import { LicenceParams } from "../schemas/review.ts";
import { getLicenceFor } from "../services/licences.ts";

export const handler = authedRoute("get-licence", { params: LicenceParams }, async (req) => okVersioned(await getLicenceFor(req.params.licenceNumber, req.actor)));
