import { route } from "../middleware/route.ts";
import { listRegisterRoute } from "../routes/public.ts";
import { ok, text } from "../middleware/response.ts";
import { listRegister, registerAsCsv } from "../services/register.ts";

// Public: ?format=csv answers every matching licence as one RFC 4180 download; JSON pages.
export const handler = route(listRegisterRoute, async (req) => {
  const { limit, cursor, format, ...filters } = req.query;
  if (format === "csv") {
    return text(await registerAsCsv(filters), "text/csv; charset=utf-8", { "content-disposition": 'attachment; filename="licence-register.csv"' });
  }
  return ok(await listRegister(filters, limit, cursor));
});
