import { authedRoute } from "../middleware/route.ts";
import { ok } from "../middleware/response.ts";
import { CasesQuery } from "../schemas/supervision.ts";
import { listCasesForReviewer } from "../services/cases.ts";

export const handler = authedRoute("list-cases", { query: CasesQuery }, async (req) =>
  ok(await listCasesForReviewer({ licenceNumber: req.query.licenceNumber, kind: req.query.kind, status: req.query.status }, req.query.limit, req.query.cursor)),
);
