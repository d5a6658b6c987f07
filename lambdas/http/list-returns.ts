import { authedRoute } from "../middleware/route.ts";
import { listReturnsRoute } from "../routes/supervision.ts";
import { ok } from "../middleware/response.ts";
import { listReturns } from "../services/returns.ts";

export const handler = authedRoute(listReturnsRoute, async (req) =>
  ok(await listReturns(req.params.licenceNumber, req.actor)),
);
