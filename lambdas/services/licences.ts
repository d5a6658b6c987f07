import { SYSTEM_ACTOR, type Actor } from "../domain/actor.ts";
import { NotFound } from "../domain/errors.ts";
import { auditLicenceView, changeLicenceStatus, isDueToExpire, licenceView, type LicenceRecord, type LicenceRole } from "../domain/licence.ts";
import type { LicenceAction } from "../domain/workflow.ts";
import { toKw } from "../schemas/common.ts";
import { clock } from "../store/clock.ts";
import { commit, type TxItem } from "../store/commit.ts";
import { getLicence, listExpired, listLicences, saveLicence, type LicenceFilters } from "../store/licences.ts";
import { releaseMw } from "../store/rounds.ts";
import { assertNotOwnFirm, releaseHolding } from "../store/firms.ts";
import { getApplication } from "../store/applications.ts";
import { firmKey, type FirmRef } from "../domain/firm.ts";
import { logger } from "../middleware/logger.ts";

// Licence use cases: every status change is one commit of the licence (conditioned on its version),
// the MW given back to the line where LICENCE_WORKFLOW says so, and the audit event.

const noSuchLicence = () => new NotFound("No such licence.");

/** An applicant sees only licences issued on their own applications; others answer 404 (existence never revealed). */
function visibleTo(licence: LicenceRecord | undefined, actor: Actor): LicenceRecord {
  if (!licence) throw noSuchLicence();
  if (actor.groups.includes("reviewer")) return licence;
  if (licence.holderSub !== actor.sub) throw noSuchLicence();
  return licence;
}

export async function getLicenceFor(licenceNumber: string, actor: Actor) {
  return licenceView(visibleTo(await getLicence(licenceNumber), actor));
}

/**
 * The firm a licence belongs to: its holder, and the company by registration number (recorded on the
 * licence at issue; for a licence issued before that, read from the application it was issued on).
 */
export async function firmOfLicence(licence: LicenceRecord): Promise<FirmRef> {
  if (licence.firm) return { holderSub: licence.holderSub, firm: licence.firm };
  const application = await getApplication(licence.applicationId);
  return { holderSub: licence.holderSub, firm: firmKey(application?.organisation?.registrationNumber) };
}

interface Options {
  /** A reviewer's action on the licence: refused (403) to the firm's own people. */
  reviewer?: boolean;
  /** Only the holder may act (surrender): anyone else gets 404. */
  holderOnly?: boolean;
  roles: readonly LicenceRole[];
  /** Expiry: skip quietly if the licence no longer qualifies when re-read. */
  onlyIf?: (licence: LicenceRecord, now: string) => boolean;
}

async function transition(licenceNumber: string, action: LicenceAction, actor: Actor, reason: string, options: Options) {
  const { result, event } = await commit(actor, async (now) => {
    const licence = await getLicence(licenceNumber, true);
    if (!licence) throw noSuchLicence();
    if (options.holderOnly && licence.holderSub !== actor.sub) throw noSuchLicence();
    if (options.onlyIf && !options.onlyIf(licence, now)) return { unchanged: true as const, result: licence };
    if (options.reviewer) await assertNotOwnFirm(actor, await firmOfLicence(licence));
    const { row, next } = changeLicenceStatus(licence, action, { sub: actor.sub, roles: options.roles }, reason, now);
    const items: TxItem[] = [saveLicence(next)];
    const releases = row.releasesMw && licence.approvedMw !== undefined && licence.roundId !== undefined && licence.region !== undefined;
    if (releases) {
      const kw = toKw(licence.approvedMw!);
      items.push(releaseMw({ roundId: licence.roundId!, region: licence.region!, category: licence.category, kw }));
      // The company's holding on the line goes down with it (licences issued before holdings existed have none).
      if (licence.firm) items.push(releaseHolding({ roundId: licence.roundId!, region: licence.region!, category: licence.category, firm: licence.firm }, kw));
    }
    return {
      items,
      event: {
        action: `licence.${action}`,
        entityType: "licence",
        entityId: licenceNumber,
        data: {
          from: licence.status,
          to: next.status,
          reason,
          applicationId: licence.applicationId,
          ...(releases ? { releasedMw: licence.approvedMw, roundId: licence.roundId, region: licence.region, category: licence.category } : {}),
        },
      },
      result: next,
    };
  });
  return { licence: result, changed: event !== undefined };
}

/** suspend, reinstate, revoke: reviewers. */
export async function reviewerAction(licenceNumber: string, action: "suspend" | "reinstate" | "revoke", reason: string, actor: Actor) {
  const { licence } = await transition(licenceNumber, action, actor, reason, { roles: actor.groups, reviewer: true });
  return licenceView(licence);
}

/** The licensee gives its licence back. */
export async function surrender(licenceNumber: string, reason: string, actor: Actor) {
  const { licence } = await transition(licenceNumber, "surrender", actor, reason, { roles: actor.groups, holderOnly: true });
  return licenceView(licence);
}

/**
 * The scheduled job: every licence still holding MW whose term has ended becomes EXPIRED, each in its
 * own commit (one failure does not hold back the rest). The index is only a hint: each licence is
 * re-read consistently and skipped if it no longer qualifies.
 */
export async function expireDueLicences(): Promise<{ expired: string[]; failed: string[] }> {
  const now = clock.now().toISOString();
  const due: LicenceRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await listExpired(now, 100, cursor);
    due.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);

  const expired: string[] = [];
  const failed: string[] = [];
  for (const l of due) {
    try {
      const { changed } = await transition(l.licenceNumber, "expire", SYSTEM_ACTOR, `The licence term ended on ${l.expiresAt}.`, {
        roles: ["system"],
        onlyIf: isDueToExpire,
      });
      if (changed) expired.push(l.licenceNumber);
    } catch (error) {
      failed.push(l.licenceNumber);
      logger.error("licence expiry failed", { licenceNumber: l.licenceNumber, error: error instanceof Error ? { name: error.name, message: error.message } : String(error) });
    }
  }
  return { expired, failed };
}

/** Auditors: every licence with its MW and status history. */
export async function auditLicences(filters: LicenceFilters, limit: number, cursor?: string) {
  const page = await listLicences(filters, limit, cursor);
  return { items: page.items.map(auditLicenceView), nextCursor: page.nextCursor };
}
