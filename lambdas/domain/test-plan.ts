import type { FieldError } from "./errors.ts";
import { ValidationError } from "./errors.ts";
import { isEnergyCategory, type Category } from "../schemas/common.ts";
import type { Kpis, Limits, TestPlan, TestPlanInput } from "../schemas/supervision.ts";

// The test plan set at approval: what the firm may test (limits), how often it reports, and its
// milestones. A second approval under four eyes confirms it unchanged.

export type ProposedTestPlan = { reporting: TestPlan["reporting"]; limits: Limits; milestones: { title: string; dueDate: string }[] };

/** The plan as the approving reviewer proposes it, with the defaults filled in (milestone ids given later). */
export function proposeTestPlan(category: Category, approvedMw: number | undefined, input: TestPlanInput | undefined): ProposedTestPlan {
  if (isEnergyCategory(category) && input?.limits && Object.keys(input.limits).length) {
    throw new ValidationError("Energy licences are limited by their approved MW; limits are for virtual asset service licences.", [{ path: "testPlan.limits", message: "only for virtual asset service licences" }]);
  }
  const limits: Limits = isEnergyCategory(category) ? (approvedMw !== undefined ? { maxPeakMw: approvedMw } : {}) : { ...(input?.limits ?? {}) };
  return { reporting: input?.reporting ?? "MONTHLY", limits, milestones: (input?.milestones ?? []).map((m) => ({ title: m.title, dueDate: m.dueDate })) };
}

/** The plan a licence carries: every milestone PENDING with its own id. */
export function issueTestPlan(proposed: ProposedTestPlan): TestPlan {
  return {
    reporting: proposed.reporting,
    limits: proposed.limits,
    milestones: proposed.milestones.map((m) => ({ milestoneId: globalThis.crypto.randomUUID().replace(/-/g, "").slice(0, 16), title: m.title, dueDate: m.dueDate, status: "PENDING" as const })),
  };
}

/** A second approval that sends a testPlan must send the first approval's, unchanged. */
export function testPlanMismatch(first: ProposedTestPlan, sent: TestPlanInput | undefined): FieldError[] {
  if (sent === undefined) return [];
  const same =
    (sent.reporting ?? "MONTHLY") === first.reporting &&
    (sent.limits === undefined || JSON.stringify(sortKeys(sent.limits)) === JSON.stringify(sortKeys(first.limits))) &&
    JSON.stringify((sent.milestones ?? []).map((m) => [m.title, m.dueDate])) === JSON.stringify(first.milestones.map((m) => [m.title, m.dueDate]));
  return same ? [] : [{ path: "testPlan", message: "differs from the first approval's test plan" }];
}

function sortKeys(o: Record<string, unknown>): [string, unknown][] {
  return Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1));
}

export interface Breach {
  kpi: string;
  value: number;
  limit: number;
  limitName: string;
}

/** Every KPI of a return above the licence's limits (energy: peak MW above the approved MW). */
export function limitBreaches(kpis: Kpis, limits: Limits): Breach[] {
  const out: Breach[] = [];
  const check = (kpi: string, value: number | undefined, limitName: keyof Limits) => {
    const limit = limits[limitName];
    if (value !== undefined && limit !== undefined && value > limit) out.push({ kpi, value, limit, limitName });
  };
  check("customers", kpis.customers, "maxCustomers");
  check("clientAssetsUsd", kpis.clientAssetsUsd, "maxClientAssetsUsd");
  // Returns carry the period's count and value, not each transaction: the average per transaction
  // above the per-transaction limit proves at least one transaction exceeded it.
  if (kpis.transactionsUsd !== undefined && kpis.transactionsUsd > 0) {
    const average = kpis.transactionsCount ? kpis.transactionsUsd / kpis.transactionsCount : kpis.transactionsUsd;
    check("transactionsUsd", average, "maxTransactionUsd");
  }
  check("peakMw", kpis.peakMw, "maxPeakMw");
  return out;
}
