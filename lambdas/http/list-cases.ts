import { authedRoute } from "../middleware/route.ts";
import { listCasesRoute } from "../routes/supervision.ts";
import { ok } from "../middleware/response.ts";
import { listCasesForReviewer } from "../services/cases.ts";

export const handler = authedRoute(listCasesRoute, async (req) =>
  ok(await listCasesForReviewer({ licenceNumber: req.query.licenceNumber, kind: req.query.kind, status: req.query.status }, req.query.limit, req.query.cursor)),
);
