import type { Actor } from "../domain/actor.ts";
import { Forbidden, NotFound } from "../domain/errors.ts";
import type { LicenceRecord } from "../domain/licence.ts";
import { getLicence } from "../store/licences.ts";

// Who reaches a licence's supervision records. The licensee is the applicant whose application became
// the licence; for anyone else (reviewers aside) the records do not exist (404, as for a missing licence).

export const noSuchLicence = () => new NotFound("No such licence.");

export function isLicensee(licence: Pick<LicenceRecord, "holderSub">, actor: Actor): boolean {
  return actor.groups.includes("applicant") && licence.holderSub === actor.sub;
}

/** The licensee only: 404 for anyone else. */
export function asLicensee(licence: LicenceRecord | undefined, actor: Actor): LicenceRecord {
  if (!licence || !isLicensee(licence, actor)) throw noSuchLicence();
  return licence;
}

/** The licensee or a reviewer: 404 for anyone else. */
export function asReader(licence: LicenceRecord | undefined, actor: Actor): LicenceRecord {
  if (!licence) throw noSuchLicence();
  if (actor.groups.includes("reviewer") || isLicensee(licence, actor)) return licence;
  throw noSuchLicence();
}

/**
 * A reviewer never acts on a licence, return or case of their own firm (a token that is both applicant
 * and reviewer and holds the licence). The one place this rule lives for supervision.
 */
export function assertNotOwnFirm(licence: Pick<LicenceRecord, "holderSub">, actor: Actor): void {
  if (licence.holderSub === actor.sub) throw new Forbidden("A reviewer never acts on their own firm's licence.");
}

export const ownFirmRefusal = (licence: Pick<LicenceRecord, "holderSub">, actor: Actor): Forbidden | undefined =>
  licence.holderSub === actor.sub ? new Forbidden("A reviewer never acts on their own firm's licence.") : undefined;

export async function readLicence(licenceNumber: string): Promise<LicenceRecord | undefined> {
  return getLicence(licenceNumber, true);
}
