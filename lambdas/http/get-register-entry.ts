import { route } from "../middleware/route.ts";
import { ok } from "../middleware/response.ts";
import { LicenceParams } from "../schemas/review.ts";
import { getRegisterEntry } from "../services/register.ts";

export const handler = route("get-register-entry", { params: LicenceParams }, async (req) => ok(await getRegisterEntry(req.params.licenceNumber)));
