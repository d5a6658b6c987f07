import { authedRoute } from "../middleware/route.ts";
import { ok } from "../middleware/response.ts";
import { ListApplicationsQuery } from "../schemas/application.ts";
import { listOwnApplications } from "../services/applications.ts";

export const handler = authedRoute("list-applications", { query: ListApplicationsQuery }, async (req) =>
  ok(await listOwnApplications(req.actor, req.query.limit, req.query.cursor)),
);
