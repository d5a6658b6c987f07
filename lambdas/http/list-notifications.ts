import { authedRoute } from "../middleware/route.ts";
import { ok } from "../middleware/response.ts";
import { Page } from "../schemas/common.ts";
import { listMyNotifications } from "../services/inbox.ts";

// The in-app inbox: the caller's own notices, newest first.
export const handler = authedRoute("list-notifications", { query: Page }, async (req) => ok(await listMyNotifications(req.actor, req.query.limit, req.query.cursor)));
