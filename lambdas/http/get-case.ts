import { authedRoute } from "../middleware/route.ts";
import { getCaseRoute } from "../routes/supervision.ts";
import { okVersioned } from "../middleware/response.ts";
import { getCaseForReviewer } from "../services/cases.ts";

export const handler = authedRoute(getCaseRoute, async (req) =>
  okVersioned(await getCaseForReviewer(req.params.caseId)),
);
