import { authedRoute } from "../middleware/route.ts";
import { requestExtensionRoute } from "../routes/supervision.ts";
import { okVersioned } from "../middleware/response.ts";
import { requestExtension } from "../services/licence-supervision.ts";

export const handler = authedRoute(requestExtensionRoute, async (req) =>
  okVersioned(await requestExtension(req.params.licenceNumber, req.body, req.actor), 201),
);
