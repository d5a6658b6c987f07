import { authedRoute } from "../middleware/route.ts";
import { okVersioned } from "../middleware/response.ts";
import { MilestoneParams, MarkMilestone } from "../schemas/supervision.ts";
import { markMilestone } from "../services/milestones.ts";

export const handler = authedRoute("mark-milestone", { params: MilestoneParams, body: MarkMilestone }, async (req) =>
  okVersioned(await markMilestone(req.params.licenceNumber, req.params.milestoneId, req.body.status, req.body.reason, req.actor)),
);
