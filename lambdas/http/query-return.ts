import { authedRoute } from "../middleware/route.ts";
import { queryReturnRoute } from "../routes/supervision.ts";
import { okVersioned } from "../middleware/response.ts";
import { queryReturn } from "../services/returns.ts";

export const handler = authedRoute(queryReturnRoute, async (req) =>
  okVersioned(await queryReturn(req.params.licenceNumber, req.params.period, req.body.message, req.actor)),
);
