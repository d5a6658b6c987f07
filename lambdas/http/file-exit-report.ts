import { authedRoute } from "../middleware/route.ts";
import { okVersioned } from "../middleware/response.ts";
import { LicenceParams } from "../schemas/review.ts";
import { ExitReport } from "../schemas/supervision.ts";
import { fileExitReport } from "../services/licence-supervision.ts";

export const handler = authedRoute("file-exit-report", { params: LicenceParams, body: ExitReport }, async (req) =>
  okVersioned(await fileExitReport(req.params.licenceNumber, req.body, req.actor), 201),
);
