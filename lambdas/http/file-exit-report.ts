import { authedRoute } from "../middleware/route.ts";
import { fileExitReportRoute } from "../routes/supervision.ts";
import { okVersioned } from "../middleware/response.ts";
import { fileExitReport } from "../services/licence-supervision.ts";

export const handler = authedRoute(fileExitReportRoute, async (req) =>
  okVersioned(await fileExitReport(req.params.licenceNumber, req.body, req.actor), 201),
);
