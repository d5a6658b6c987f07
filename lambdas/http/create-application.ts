import { authedRoute } from "../middleware/route.ts";
import { okVersioned } from "../middleware/response.ts";
import { CreateApplication } from "../schemas/application.ts";
import { createApplication } from "../services/applications.ts";

export const handler = authedRoute("create-application", { body: CreateApplication }, async (req) =>
  okVersioned(await createApplication(req.body, req.actor), 201),
);
