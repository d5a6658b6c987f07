import { route } from "../middleware/route.ts";
import { openapiRoute } from "../routes/public.ts";
import { ok } from "../middleware/response.ts";
import { buildOpenApi } from "../schemas/openapi.ts";

// Built once per cold start: the document only changes with a deploy.
let document: Record<string, unknown> | undefined;

export const handler = route(openapiRoute, async () => ok((document ??= buildOpenApi()), { "cache-control": "public, max-age=300" }));
