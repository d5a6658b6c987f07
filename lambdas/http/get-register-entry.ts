import { route } from "../middleware/route.ts";
import { getRegisterEntryRoute } from "../routes/public.ts";
import { ok } from "../middleware/response.ts";
import { getRegisterEntry } from "../services/register.ts";

export const handler = route(getRegisterEntryRoute, async (req) => ok(await getRegisterEntry(req.params.licenceNumber)));
