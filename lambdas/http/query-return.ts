import { authedRoute } from "../middleware/route.ts";
import { okVersioned } from "../middleware/response.ts";
import { ReturnParams, QueryReturn } from "../schemas/supervision.ts";
import { queryReturn } from "../services/returns.ts";

export const handler = authedRoute("query-return", { params: ReturnParams, body: QueryReturn }, async (req) =>
  okVersioned(await queryReturn(req.params.licenceNumber, req.params.period, req.body.message, req.actor)),
);
