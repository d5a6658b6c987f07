import { authedRoute } from "../middleware/route.ts";
import { decideExtensionRoute } from "../routes/supervision.ts";
import { okVersioned } from "../middleware/response.ts";
import { decideExtension } from "../services/licence-supervision.ts";

export const handler = authedRoute(decideExtensionRoute, async (req) =>
  okVersioned(await decideExtension(req.params.licenceNumber, req.body.decision, req.body.reason, req.actor)),
);
