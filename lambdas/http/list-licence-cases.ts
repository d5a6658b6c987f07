import { authedRoute } from "../middleware/route.ts";
import { listLicenceCasesRoute } from "../routes/supervision.ts";
import { ok } from "../middleware/response.ts";
import { listCasesForLicensee } from "../services/cases.ts";

export const handler = authedRoute(listLicenceCasesRoute, async (req) =>
  ok(await listCasesForLicensee(req.params.licenceNumber, { kind: req.query.kind, status: req.query.status }, req.actor, req.query.limit, req.query.cursor)),
);
