import { NotFound } from "../domain/errors.ts";
import { publicLicence, registerCsv, type PublicLicence } from "../domain/licence.ts";
import { getLicence, listRegisterEntries, type LicenceFilters } from "../store/licences.ts";

// The public register: licences with public fields only (publicLicence builds them field by field).
// Lists come from the licences' index alone (store/licences.ts listRegisterEntries): `.map(publicLicence)`
// fails to compile should publicLicence ever need a field that index does not hold.

export async function listRegister(filters: LicenceFilters, limit: number, cursor?: string) {
  const page = await listRegisterEntries(filters, limit, cursor);
  return { items: page.items.map(publicLicence), nextCursor: page.nextCursor };
}

export async function getRegisterEntry(licenceNumber: string): Promise<PublicLicence> {
  const licence = await getLicence(licenceNumber);
  if (!licence) throw new NotFound("No such licence in the register.");
  return publicLicence(licence);
}

/** Every matching licence (all pages walked) as RFC 4180 CSV. */
export async function registerAsCsv(filters: LicenceFilters): Promise<string> {
  const rows: PublicLicence[] = [];
  let cursor: string | undefined;
  do {
    const page = await listRegisterEntries(filters, 100, cursor);
    rows.push(...page.items.map(publicLicence));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return registerCsv(rows);
}
