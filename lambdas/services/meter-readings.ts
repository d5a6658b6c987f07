import { randomUUID } from "node:crypto";
import { gridRegions, type Actor } from "../domain/actor.ts";
import { ValidationError, type FieldError } from "../domain/errors.ts";
import {
  ITEMS_PER_CASE,
  ITEMS_PER_TRANSACTION,
  monthFactor,
  nextMonth,
  plannedCases,
  previousMonth,
  readingStatus,
  scaledMw,
  UNDERUSE_RUN,
  type EnergySettings,
  type EnergyStatus,
  type PlannedCase,
} from "../domain/energy.ts";
import type { LicenceRecord } from "../domain/licence.ts";
import { hasEnded, periodOf } from "../domain/periods.ts";
import { isEnergyCategory, type EnergyCategory } from "../schemas/common.ts";
import type { MeterReading, PostMeterReadings, ReadingsStored } from "../schemas/energy.ts";
import { batchGet, itemKeyText } from "../store/batch-get.ts";
import { clock } from "../store/clock.ts";
import { commit, type EventInput, type TxItem } from "../store/commit.ts";
import { keys } from "../store/keys.ts";
import { getLicences } from "../store/licences.ts";
import { getReadings, readingKeyText, saveReading, saveReplaced, type ReadingRecord } from "../store/meter-readings.ts";
import { lineState } from "../store/rounds.ts";
import { openCase } from "./cases.ts";
import { energySettings } from "./energy-settings.ts";

// POST /api/meter-readings (docs/energy.md "Storage"): a region's grid operator posts up to 500
// readings. The whole request is checked first (schema, region, months that have ended, the
// licence's term): one bad reading refuses it all and nothing is stored. Then the readings are
// written in as few transactions as fit (up to 100 items each: the readings, the values corrections
// replace, the cases they open and one audit event for the lot), each transaction re-reading what it
// writes, so a request cut short is safely sent again: what is stored with the same figures is
// `unchanged`, the rest is written.

type Outcome = "stored" | "corrected";

interface Checked {
  index: number;
  reading: MeterReading;
  licence: LicenceRecord & { region: NonNullable<LicenceRecord["region"]>; category: EnergyCategory; approvedMw: number; roundId: string };
  approvedMw: number;
  allowedMw: number;
  status: Exclude<EnergyStatus, "MISSING">;
}

const sameFigures = (a: { energyMwh: number; peakMw: number }, b: { energyMwh: number; peakMw: number }) => a.energyMwh === b.energyMwh && a.peakMw === b.peakMw;

function isMetered(l: LicenceRecord | undefined, regions: readonly string[]): l is Checked["licence"] {
  return !!l && !!l.region && regions.includes(l.region) && isEnergyCategory(l.category) && typeof l.approvedMw === "number" && !!l.roundId;
}

/** Every reason the request is refused, by `readings.<index>.<field>`; another region's licence reads as missing. */
async function check(readings: readonly MeterReading[], actor: Actor, now: string, settings: EnergySettings): Promise<Checked[]> {
  const regions = gridRegions(actor);
  const licences = await getLicences(readings.map((r) => r.licenceNumber));
  const errors: FieldError[] = [];
  const ok: Array<Omit<Checked, "allowedMw" | "status">> = [];
  readings.forEach((reading, index) => {
    const at = `readings.${index}`;
    const licence = licences.get(reading.licenceNumber);
    if (!hasEnded(reading.period, now)) errors.push({ path: `${at}.period`, message: "the month has not ended yet" });
    if (!isMetered(licence, regions)) {
      errors.push({ path: `${at}.licenceNumber`, message: "no such energy licence in your region" });
      return;
    }
    if (reading.period < periodOf(licence.issuedAt, "MONTHLY")) errors.push({ path: `${at}.period`, message: "before the licence was issued" });
    else if (reading.period > periodOf(licence.expiresAt, "MONTHLY")) errors.push({ path: `${at}.period`, message: "after the licence's term" });
    else ok.push({ index, reading, licence, approvedMw: licence.approvedMw });
  });
  if (errors.length > 0) throw new ValidationError("Some readings are not valid; nothing was stored.", errors);

  // Each licence's line gives the month's availability factor.
  const lineKeys = ok.map((c) => keys.roundLine(c.licence.roundId, c.licence.region, c.licence.category));
  const lines = await batchGet([...new Map(lineKeys.map((k) => [itemKeyText(k), k])).values()], { consistent: true });
  return ok.map((c, i) => {
    const item = lines.get(itemKeyText(lineKeys[i]));
    const factor = item ? monthFactor(lineState(item).monthlyAvailability, c.reading.period) : 1;
    const allowedMw = scaledMw(c.approvedMw, factor);
    return { ...c, allowedMw, status: readingStatus({ ...c.reading, approvedMw: c.approvedMw, allowedMw }, settings) };
  });
}

/** The stored readings around the UNDERUSE ones (a run may end up to UNDERUSE_RUN - 1 months either side). */
async function neighbours(checked: readonly Checked[], known: Map<string, ReadingRecord>): Promise<Map<string, ReadingRecord>> {
  const wanted = new Map<string, { licenceNumber: string; period: string }>();
  for (const c of checked) {
    if (c.status !== "UNDERUSE") continue;
    let before = c.reading.period;
    let after = c.reading.period;
    for (let k = 1; k < UNDERUSE_RUN; k++) {
      before = previousMonth(before);
      after = nextMonth(after);
      for (const period of [before, after]) {
        const key = readingKeyText(c.reading.licenceNumber, period);
        if (!known.has(key)) wanted.set(key, { licenceNumber: c.reading.licenceNumber, period });
      }
    }
  }
  return wanted.size > 0 ? getReadings([...wanted.values()]) : new Map();
}

interface Write extends Checked {
  cases: PlannedCase[];
}

function recordOf(c: Checked, actor: Actor, now: string, version: number): ReadingRecord {
  return {
    licenceNumber: c.reading.licenceNumber,
    period: c.reading.period,
    energyMwh: c.reading.energyMwh,
    peakMw: c.reading.peakMw,
    approvedMw: c.approvedMw,
    allowedMw: c.allowedMw,
    roundId: c.licence.roundId,
    region: c.licence.region,
    category: c.licence.category,
    recordedAt: now,
    recordedBy: actor.sub,
    version,
  };
}

interface ChunkResult {
  /** How many writes of the queue this transaction took (written or found unchanged). */
  taken: number;
  counts: Record<Outcome | "unchanged", number>;
  casesOpened: ReadingsStored["casesOpened"];
}

/**
 * One transaction: from the front of the queue, as many writes as fit in ITEMS_PER_TRANSACTION with
 * the batch event, re-read first. A write whose figures are already stored is unchanged; one whose
 * stored figures differ is a correction (the replaced value gets an item of its own). A case marker
 * may appear once per transaction, so a second case of the same licence and kind waits for the next.
 */
async function writeChunk(queue: readonly Write[], actor: Actor, settings: EnergySettings): Promise<ChunkResult> {
  const batchId = randomUUID().replaceAll("-", "");
  const { result } = await commit<ChunkResult>(actor, async (now) => {
    const head = queue.slice(0, ITEMS_PER_TRANSACTION - 1);
    const current = await getReadings(head.map((w) => w.reading));
    const items: TxItem[] = [];
    const caseEvents: EventInput[] = [];
    const logged: Record<string, unknown>[] = [];
    const markers = new Set<string>();
    const out: ChunkResult = { taken: 0, counts: { stored: 0, corrected: 0, unchanged: 0 }, casesOpened: [] };
    for (const w of head) {
      const before = current.get(readingKeyText(w.reading.licenceNumber, w.reading.period));
      if (before && sameFigures(before, w.reading)) {
        out.taken++;
        out.counts.unchanged++;
        continue;
      }
      const opening = (await Promise.all(w.cases.map((c) => openCase({ licenceNumber: c.licenceNumber, kind: c.kind, caseId: c.caseId, cause: causeOf(c, w, settings), by: actor.sub, now })))).map((o, i) => ({ planned: w.cases[i], opened: o }));
      const newCases = opening.filter((o) => o.opened !== undefined);
      const need = (before ? 2 : 1) + ITEMS_PER_CASE * newCases.length;
      const clash = newCases.some((o) => markers.has(`${o.planned.licenceNumber}/${o.planned.kind}`));
      if (items.length + caseEvents.length + need > ITEMS_PER_TRANSACTION - 1 || clash) break;
      items.push(saveReading(recordOf(w, actor, now, (before?.version ?? 0) + 1)));
      if (before) items.push(saveReplaced(before, now));
      for (const { planned, opened } of newCases) {
        markers.add(`${planned.licenceNumber}/${planned.kind}`);
        items.push(...opened!.items);
        out.casesOpened.push({ caseId: planned.caseId, kind: planned.kind, licenceNumber: planned.licenceNumber });
        // The case's own event (keyed by its reading) is what tells the licensee (domain/notices.ts).
        caseEvents.push({
          action: "meter.case-opened",
          entityType: "meter-reading",
          entityId: `${w.reading.licenceNumber}/${w.reading.period}`,
          data: { licenceNumber: planned.licenceNumber, period: w.reading.period, caseId: planned.caseId, kind: planned.kind, months: planned.months },
        });
      }
      const outcome: Outcome = before ? "corrected" : "stored";
      out.taken++;
      out.counts[outcome]++;
      logged.push({
        licenceNumber: w.reading.licenceNumber,
        period: w.reading.period,
        energyMwh: w.reading.energyMwh,
        peakMw: w.reading.peakMw,
        allowedMw: w.allowedMw,
        status: w.status,
        outcome,
        ...(before ? { replaced: { energyMwh: before.energyMwh, peakMw: before.peakMw, recordedAt: before.recordedAt } } : {}),
      });
    }
    if (logged.length === 0) return { unchanged: true as const, result: out };
    return {
      items,
      event: { action: "meter.readings", entityType: "meter-batch", entityId: batchId, data: { regions: [...new Set(head.map((w) => w.licence.region))].sort(), readings: logged } },
      events: caseEvents,
      result: out,
    };
  });
  return result;
}

function causeOf(c: PlannedCase, w: Write, settings: EnergySettings): Record<string, unknown> {
  return c.kind === "OVERDRAW"
    ? { source: "meter-reading", period: w.reading.period, peakMw: w.reading.peakMw, allowedMw: w.allowedMw, tolerancePercent: Math.round(settings.overdrawTolerance * 100) }
    : { source: "meter-reading", months: c.months, loadFactorBelowPercent: Math.round(settings.underuseLoadFactor * 100) };
}

export async function postMeterReadings(body: PostMeterReadings, actor: Actor): Promise<ReadingsStored> {
  const settings = energySettings();
  const checked = await check(body.readings, actor, clock.now().toISOString(), settings);
  const stored = await getReadings(checked.map((c) => c.reading));
  const around = await neighbours(checked, stored);
  const posted = new Map(checked.map((c) => [readingKeyText(c.reading.licenceNumber, c.reading.period), c]));
  const statusOf = (licenceNumber: string, period: string): EnergyStatus | undefined => {
    const key = readingKeyText(licenceNumber, period);
    const r = posted.get(key) ?? stored.get(key) ?? around.get(key);
    return r ? readingStatus({ period, energyMwh: "reading" in r ? r.reading.energyMwh : r.energyMwh, peakMw: "reading" in r ? r.reading.peakMw : r.peakMw, approvedMw: r.approvedMw, allowedMw: r.allowedMw }, settings) : undefined;
  };
  // Readings already stored with these figures change nothing and open nothing.
  const unchanged = checked.filter((c) => {
    const s = stored.get(readingKeyText(c.reading.licenceNumber, c.reading.period));
    return s !== undefined && sameFigures(s, c.reading);
  }).length;
  const toWrite = checked.filter((c) => {
    const s = stored.get(readingKeyText(c.reading.licenceNumber, c.reading.period));
    return !(s !== undefined && sameFigures(s, c.reading));
  });
  const cases = plannedCases(
    toWrite.map((c) => ({ licenceNumber: c.reading.licenceNumber, period: c.reading.period, status: c.status })),
    statusOf,
  );
  let queue: Write[] = toWrite.map((c, i) => ({ ...c, cases: cases.get(i) ?? [] }));
  const answer: ReadingsStored = { stored: 0, unchanged, corrected: 0, casesOpened: [] };
  while (queue.length > 0) {
    const chunk = await writeChunk(queue, actor, settings);
    answer.stored += chunk.counts.stored;
    answer.corrected += chunk.counts.corrected;
    answer.unchanged += chunk.counts.unchanged;
    answer.casesOpened.push(...chunk.casesOpened);
    queue = queue.slice(chunk.taken);
  }
  return answer;
}
