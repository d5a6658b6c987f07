import { authedRoute } from "../middleware/route.ts";
import { acceptReturnRoute } from "../routes/supervision.ts";
import { okVersioned } from "../middleware/response.ts";
import { acceptReturn } from "../services/returns.ts";

export const handler = authedRoute(acceptReturnRoute, async (req) =>
  okVersioned(await acceptReturn(req.params.licenceNumber, req.params.period, req.body?.note, req.actor)),
);
