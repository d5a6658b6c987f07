import { authedRoute } from "../middleware/route.ts";
import { decideExitRoute } from "../routes/supervision.ts";
import { okVersioned } from "../middleware/response.ts";
import { decideExit } from "../services/licence-supervision.ts";

export const handler = authedRoute(decideExitRoute, async (req) =>
  okVersioned(await decideExit(req.params.licenceNumber, req.body.outcome, req.body.reason, req.actor)),
);
