import { SYSTEM_ACTOR, type Actor } from "../domain/actor.ts";
import { NotFound } from "../domain/errors.ts";
import { auditLicenceView, isDueToExpire, licenceAfter, licenceGuard, licenceView, type LicenceRecord } from "../domain/licence.ts";
import { LICENCE_WORKFLOW, type LicenceAction } from "../domain/workflow.ts";
import { runTransition } from "./transition-engine.ts";
import { toKw } from "../schemas/common.ts";
import { clock } from "../store/clock.ts";
import type { TxItem } from "../store/commit.ts";
import { getLicence, listExpired, listLicences, saveLicence, type LicenceFilters } from "../store/licences.ts";
import { releaseMw } from "../store/rounds.ts";
import { releaseHolding } from "../store/firms.ts";
import { getApplication } from "../store/applications.ts";
import { firmKey, type FirmRef } from "../domain/firm.ts";
import { logger } from "../middleware/logger.ts";

// Licence use cases: every status change runs through the one transition engine (see transition()).

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

/**
 * A status change through the one transition engine: LICENCE_WORKFLOW's row, roles and guards (the
 * licensee's own people refused first), one commit of the licence conditioned on its version, the MW
 * given back to the line (and the company's holding) where the row says so, and the event.
 * `onlyIf` is the expiry job's re-check: a licence that no longer qualifies is skipped quietly.
 */
async function transition(licenceNumber: string, action: LicenceAction, actor: Actor, reason: string, onlyIf?: (licence: LicenceRecord, now: string) => boolean) {
  return runTransition({
    actor,
    table: LICENCE_WORKFLOW,
    repository: { read: () => getLicence(licenceNumber, true), save: saveLicence },
    entityType: "licence",
    entityId: licenceNumber,
    notFound: noSuchLicence,
    stateOf: (licence) => licence?.status,
    // An applicant reaches only its own licences: anyone else's answers 404 before any state is revealed.
    // (The expiry job reaches every licence.)
    before: (licence) => {
      if (actor !== SYSTEM_ACTOR) visibleTo(licence, actor);
    },
    skip: (licence, now) => (onlyIf && !onlyIf(licence!, now) ? { licence: licence!, changed: false } : undefined),
    action,
    firmOf: (licence) => firmOfLicence(licence!),
    guard: (guard, licence) => licenceGuard(guard, licence!, actor),
    apply: (licence, row, now) => {
      const current = licence!;
      const next = licenceAfter(current, row, actor.sub, reason, now);
      const extra: TxItem[] = [];
      const releases = row.releasesMw && current.approvedMw !== undefined && current.roundId !== undefined && current.region !== undefined;
      if (releases) {
        const kw = toKw(current.approvedMw!);
        extra.push(releaseMw({ roundId: current.roundId!, region: current.region!, category: current.category, kw }));
        // The company's holding on the line goes down with it (licences issued before holdings existed have none).
        if (current.firm) extra.push(releaseHolding({ roundId: current.roundId!, region: current.region!, category: current.category, firm: current.firm }, kw));
      }
      return {
        next,
        extra,
        data: {
          reason,
          applicationId: current.applicationId,
          ...(releases ? { releasedMw: current.approvedMw, roundId: current.roundId, region: current.region, category: current.category } : {}),
        },
        result: { licence: next, changed: true },
      };
    },
  });
}

/** suspend, reinstate, revoke: reviewers. */
export async function reviewerAction(licenceNumber: string, action: "suspend" | "reinstate" | "revoke", reason: string, actor: Actor) {
  const { licence } = await transition(licenceNumber, action, actor, reason);
  return licenceView(licence);
}

/** The licensee gives its licence back. */
export async function surrender(licenceNumber: string, reason: string, actor: Actor) {
  const { licence } = await transition(licenceNumber, "surrender", actor, reason);
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
      const { changed } = await transition(l.licenceNumber, "expire", SYSTEM_ACTOR, `The licence term ended on ${l.expiresAt}.`, isDueToExpire);
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
