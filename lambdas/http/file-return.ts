import { authedRoute } from "../middleware/route.ts";
import { okVersioned, parseIfMatch } from "../middleware/response.ts";
import { ReturnParams, FileReturn } from "../schemas/supervision.ts";
import { fileReturn } from "../services/returns.ts";

export const handler = authedRoute("file-return", { params: ReturnParams, body: FileReturn }, async (req) =>
  okVersioned(await fileReturn(req.params.licenceNumber, req.params.period, req.body, parseIfMatch(req.headers["if-match"]), req.actor)),
);
