import { authedRoute } from "../middleware/route.ts";
import { ok } from "../middleware/response.ts";
import { LicenceParams } from "../schemas/review.ts";
import { LicenceCasesQuery } from "../schemas/supervision.ts";
import { listCasesForLicensee } from "../services/cases.ts";

export const handler = authedRoute("list-licence-cases", { params: LicenceParams, query: LicenceCasesQuery }, async (req) =>
  ok(await listCasesForLicensee(req.params.licenceNumber, { kind: req.query.kind, status: req.query.status }, req.actor, req.query.limit, req.query.cursor)),
);
