import { authedRoute } from "../middleware/route.ts";
import { okVersioned } from "../middleware/response.ts";
import { CaseParams } from "../schemas/supervision.ts";
import { getCaseForReviewer } from "../services/cases.ts";

export const handler = authedRoute("get-case", { params: CaseParams }, async (req) =>
  okVersioned(await getCaseForReviewer(req.params.caseId)),
);
