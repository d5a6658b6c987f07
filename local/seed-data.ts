import { SYSTEM_ACTOR, type Actor } from "../lambdas/domain/actor.ts";
import { PublishRound } from "../lambdas/schemas/allocations.ts";
import { hasPublishedRounds } from "../lambdas/store/round-index.ts";
import { publishRound } from "../lambdas/services/rounds.ts";
import { seedDemoApplications } from "./seed-applications.ts";
import { DEMO_LICENSED_DAYS_AGO, seedDemoSupervision, withClockBack } from "./seed-supervision.ts";
import { seedDemoCurtailment } from "./seed-curtailment.ts";
import { seedDemoEnergy } from "./seed-energy.ts";

// Demo data for the local runtime. ILLUSTRATIVE ONLY: the 2,000 MW total echoes the size reported
// for the 2025 announcement, but the split over regions and categories, the caps, minimums and the
// tariff are invented for the demo and are not official figures.

/** Illustrative availability, January first: all of the line in winter, down to 40 % at the summer peak. */
export const WINTER_HEAVY = [1, 1, 0.9, 0.7, 0.5, 0.4, 0.4, 0.4, 0.5, 0.7, 0.9, 1];

const SEED_ACTOR: Actor = { ...SYSTEM_ACTOR, sub: "system-seed", groups: ["admin"] };

// Bitcoin mining is spread widely (it can sit next to stranded surplus and curtail); AI data centres
// sit near the big load centres and fibre (Islamabad, Lahore, Karachi, Multan). Caps keep any one
// firm to a fraction of a line; minimums keep out requests too small to be worth a grid connection.
const LINES: PublishRound["lines"] = [
  // Winter-heavy: the surplus is largest when demand falls in the cold months (docs/energy.md).
  { region: "PESCO", category: "BITCOIN_MINING", mw: 150, maxPerApplicantMw: 50, minRequestMw: 1, monthlyAvailability: WINTER_HEAVY },
  { region: "TESCO", category: "BITCOIN_MINING", mw: 50, maxPerApplicantMw: 25, minRequestMw: 1 },
  { region: "IESCO", category: "AI_DATA_CENTRE", mw: 150, maxPerApplicantMw: 50, minRequestMw: 5 },
  { region: "GEPCO", category: "BITCOIN_MINING", mw: 100, maxPerApplicantMw: 50, minRequestMw: 1 },
  { region: "LESCO", category: "BITCOIN_MINING", mw: 50, maxPerApplicantMw: 25, minRequestMw: 1 },
  { region: "LESCO", category: "AI_DATA_CENTRE", mw: 200, maxPerApplicantMw: 100, minRequestMw: 5 },
  { region: "FESCO", category: "BITCOIN_MINING", mw: 150, maxPerApplicantMw: 50, minRequestMw: 1 },
  { region: "MEPCO", category: "BITCOIN_MINING", mw: 250, maxPerApplicantMw: 100, minRequestMw: 1 },
  { region: "MEPCO", category: "AI_DATA_CENTRE", mw: 50, maxPerApplicantMw: 25, minRequestMw: 5 },
  { region: "HESCO", category: "BITCOIN_MINING", mw: 150, maxPerApplicantMw: 50, minRequestMw: 1 },
  { region: "SEPCO", category: "BITCOIN_MINING", mw: 100, maxPerApplicantMw: 50, minRequestMw: 1 },
  { region: "QESCO", category: "BITCOIN_MINING", mw: 200, maxPerApplicantMw: 100, minRequestMw: 1 },
  { region: "HAZECO", category: "BITCOIN_MINING", mw: 50, maxPerApplicantMw: 25, minRequestMw: 1 },
  { region: "KE", category: "BITCOIN_MINING", mw: 100, maxPerApplicantMw: 50, minRequestMw: 1 },
  { region: "KE", category: "AI_DATA_CENTRE", mw: 250, maxPerApplicantMw: 100, minRequestMw: 5 },
];

export const DEMO_ROUND: PublishRound = PublishRound.parse({
  name: "Phase 1 (illustrative demo data)",
  description:
    "Illustrative demo data, not official figures: a 2,000 MW first phase of surplus electricity for Bitcoin mining " +
    "and AI data centres, spread over the grid regions for demonstration only.",
  effectiveFrom: "2025-07-01",
  effectiveTo: "2027-06-30",
  tariffUsdCentsPerKwh: 8,
  lines: LINES,
});

/**
 * Publishes the illustrative Phase 1 round through the same store path as the admin API, then takes a few
 * illustrative firms through the workflow; a no-op once any round exists.
 */
export async function seedDemo(): Promise<void> {
  if (await hasPublishedRounds()) return;
  // Licensed months ago, so the supervision demo has returns filed, late and a case open today.
  const licences = await withClockBack(DEMO_LICENSED_DAYS_AGO, async () => {
    await publishRound(SEED_ACTOR, DEMO_ROUND);
    return seedDemoApplications();
  });
  const miner = licences.find((n) => n.startsWith("PCC-BTC-"));
  if (miner) {
    await seedDemoSupervision(miner);
    // A past curtailment in the miner's region, acknowledged and answered (COMPLIED): illustrative.
    await seedDemoCurtailment(miner);
    // Three months of meter readings, the last over the month's allowed MW (an OVERDRAW case): illustrative.
    await seedDemoEnergy(miner);
  }
}
