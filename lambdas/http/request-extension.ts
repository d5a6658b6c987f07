import { authedRoute } from "../middleware/route.ts";
import { okVersioned } from "../middleware/response.ts";
import { LicenceParams } from "../schemas/review.ts";
import { ExtensionRequest } from "../schemas/supervision.ts";
import { requestExtension } from "../services/licence-supervision.ts";

export const handler = authedRoute("request-extension", { params: LicenceParams, body: ExtensionRequest }, async (req) =>
  okVersioned(await requestExtension(req.params.licenceNumber, req.body, req.actor), 201),
);
