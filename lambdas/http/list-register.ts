import { route } from "../middleware/route.ts";
import { ok, text } from "../middleware/response.ts";
import { RegisterQuery } from "../schemas/review.ts";
import { listRegister, registerAsCsv } from "../services/register.ts";

// Public: ?format=csv answers every matching licence as one RFC 4180 download; JSON pages.
export const handler = route("list-register", { query: RegisterQuery }, async (req) => {
  const { limit, cursor, format, ...filters } = req.query;
  if (format === "csv") {
    return text(await registerAsCsv(filters), "text/csv; charset=utf-8", { "content-disposition": 'attachment; filename="licence-register.csv"' });
  }
  return ok(await listRegister(filters, limit, cursor));
});
