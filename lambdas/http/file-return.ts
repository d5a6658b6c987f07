import { authedRoute } from "../middleware/route.ts";
import { fileReturnRoute } from "../routes/supervision.ts";
import { okVersioned, parseIfMatch } from "../middleware/response.ts";
import { fileReturn } from "../services/returns.ts";

export const handler = authedRoute(fileReturnRoute, async (req) =>
  okVersioned(await fileReturn(req.params.licenceNumber, req.params.period, req.body, parseIfMatch(req.headers["if-match"]), req.actor)),
);
