import { staffView } from "../domain/application.ts";
import { NotFound } from "../domain/errors.ts";
import { getApplication, listAllApplications, type Filters } from "../store/applications.ts";
import { nowIso } from "../store/clock.ts";

// Auditors read every application with all fields (docs/product.md: they verify every decision afterwards).

/** updatedFrom/To arrive as dates or datetimes with any offset; the index sorts UTC ISO strings. */
function toUtc(value: string | undefined): string | undefined {
  if (!value) return undefined;
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : new Date(value).toISOString();
}

export async function auditApplications(filters: Filters & { updatedFrom?: string; updatedTo?: string }, limit: number, cursor?: string) {
  const now = nowIso();
  const page = await listAllApplications({ ...filters, updatedFrom: toUtc(filters.updatedFrom), updatedTo: toUtc(filters.updatedTo) }, limit, cursor);
  return { items: page.items.map((r) => staffView(r, now)), nextCursor: page.nextCursor };
}

export async function auditApplication(id: string) {
  const record = await getApplication(id);
  if (!record) throw new NotFound("No such application.");
  return staffView(record, nowIso());
}
