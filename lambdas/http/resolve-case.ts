import { authedRoute } from "../middleware/route.ts";
import { resolveCaseRoute } from "../routes/supervision.ts";
import { okVersioned } from "../middleware/response.ts";
import { decideCase } from "../services/cases.ts";

export const handler = authedRoute(resolveCaseRoute, async (req) =>
  okVersioned(await decideCase(req.params.caseId, "resolve", req.body.reason, req.actor)),
);
