import { authedRoute } from "../middleware/route.ts";
import { okVersioned } from "../middleware/response.ts";
import { CaseParams, CaseReason } from "../schemas/supervision.ts";
import { decideCase } from "../services/cases.ts";

export const handler = authedRoute("resolve-case", { params: CaseParams, body: CaseReason }, async (req) =>
  okVersioned(await decideCase(req.params.caseId, "resolve", req.body.reason, req.actor)),
);
