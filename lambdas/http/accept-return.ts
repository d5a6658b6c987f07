import { authedRoute } from "../middleware/route.ts";
import { okVersioned } from "../middleware/response.ts";
import { ReturnParams, AcceptReturn } from "../schemas/supervision.ts";
import { acceptReturn } from "../services/returns.ts";

export const handler = authedRoute("accept-return", { params: ReturnParams, body: AcceptReturn }, async (req) =>
  okVersioned(await acceptReturn(req.params.licenceNumber, req.params.period, req.body?.note, req.actor)),
);
