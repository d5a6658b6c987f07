import { authedRoute } from "../middleware/route.ts";
import { escalateCaseRoute } from "../routes/supervision.ts";
import { okVersioned } from "../middleware/response.ts";
import { decideCase } from "../services/cases.ts";

export const handler = authedRoute(escalateCaseRoute, async (req) =>
  okVersioned(await decideCase(req.params.caseId, "escalate", req.body.reason, req.actor)),
);
