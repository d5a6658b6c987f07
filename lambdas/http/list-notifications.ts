import { authedRoute } from "../middleware/route.ts";
import { listNotificationsRoute } from "../routes/applicant.ts";
import { ok } from "../middleware/response.ts";
import { listMyNotifications } from "../services/inbox.ts";

// The in-app inbox: the caller's own notices, newest first.
export const handler = authedRoute(listNotificationsRoute, async (req) => ok(await listMyNotifications(req.actor, req.query.limit, req.query.cursor)));
