import { authedRoute } from "../middleware/route.ts";
import { okVersioned } from "../middleware/response.ts";
import { LicenceParams } from "../schemas/review.ts";
import { ExtensionDecision } from "../schemas/supervision.ts";
import { decideExtension } from "../services/licence-supervision.ts";

export const handler = authedRoute("decide-extension", { params: LicenceParams, body: ExtensionDecision }, async (req) =>
  okVersioned(await decideExtension(req.params.licenceNumber, req.body.decision, req.body.reason, req.actor)),
);
