import { authedRoute } from "../middleware/route.ts";
import { okVersioned } from "../middleware/response.ts";
import { LicenceParams } from "../schemas/review.ts";
import { ExitDecision } from "../schemas/supervision.ts";
import { decideExit } from "../services/licence-supervision.ts";

export const handler = authedRoute("decide-exit", { params: LicenceParams, body: ExitDecision }, async (req) =>
  okVersioned(await decideExit(req.params.licenceNumber, req.body.outcome, req.body.reason, req.actor)),
);
