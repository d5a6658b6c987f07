import { authedRoute } from "../middleware/route.ts";
import { ok } from "../middleware/response.ts";
import { LicenceParams } from "../schemas/review.ts";
import { listReturns } from "../services/returns.ts";

export const handler = authedRoute("list-returns", { params: LicenceParams }, async (req) =>
  ok(await listReturns(req.params.licenceNumber, req.actor)),
);
