import { authedRoute } from "../middleware/route.ts";
import { markMilestoneRoute } from "../routes/supervision.ts";
import { okVersioned } from "../middleware/response.ts";
import { markMilestone } from "../services/milestones.ts";

export const handler = authedRoute(markMilestoneRoute, async (req) =>
  okVersioned(await markMilestone(req.params.licenceNumber, req.params.milestoneId, req.body.status, req.body.reason, req.actor)),
);
