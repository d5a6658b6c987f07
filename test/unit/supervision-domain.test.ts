import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { hasEnded, isLicencePeriod, nextPeriod, periodEnd, periodOf, periodsBetween, periodStart, returnDueAt } from "../../lambdas/domain/periods.ts";
import { checkTransition, actionsOf } from "../../lambdas/domain/transitions.ts";
import { CASE_WORKFLOW, EXIT_WORKFLOW, EXTENSION_WORKFLOW, MILESTONE_WORKFLOW, RETURN_WORKFLOW } from "../../lambdas/domain/supervision-workflows.ts";
import { limitBreaches, proposeTestPlan, issueTestPlan, testPlanMismatch } from "../../lambdas/domain/test-plan.ts";
import { Forbidden, InvalidTransition, Conflict } from "../../lambdas/domain/errors.ts";
import { isLateReport } from "../../lambdas/services/incidents.ts";

// Pure supervision rules: period arithmetic, the workflow tables, test plans and limit breaches.

describe("reporting periods", () => {
  it("names the month or quarter holding an instant, in UTC", () => {
    expect(periodOf("2026-03-31T23:59:59.999Z", "MONTHLY")).toBe("2026-03");
    expect(periodOf("2026-04-01T00:00:00.000Z", "MONTHLY")).toBe("2026-04");
    expect(periodOf("2026-03-31T23:59:59.999Z", "QUARTERLY")).toBe("2026-Q1");
    expect(periodOf("2026-12-15T00:00:00.000Z", "QUARTERLY")).toBe("2026-Q4");
  });

  it("runs from its first instant to the next period's, due 15 days after", () => {
    expect([periodStart("2026-02"), periodEnd("2026-02")]).toEqual(["2026-02-01T00:00:00.000Z", "2026-03-01T00:00:00.000Z"]);
    expect([periodStart("2026-Q4"), periodEnd("2026-Q4")]).toEqual(["2026-10-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"]);
    expect(returnDueAt("2026-12")).toBe("2027-01-16T00:00:00.000Z");
    expect(returnDueAt("2026-Q1")).toBe("2026-04-16T00:00:00.000Z");
    expect(nextPeriod("2026-12")).toBe("2027-01");
    expect(nextPeriod("2026-Q4")).toBe("2027-Q1");
    expect(hasEnded("2026-03", "2026-03-31T23:59:59.999Z")).toBe(false);
    expect(hasEnded("2026-03", "2026-04-01T00:00:00.000Z")).toBe(true);
  });

  it("lists every period from the licence's first to the current one", () => {
    expect(periodsBetween("2026-11-20T10:00:00Z", "2027-02-03T00:00:00Z", "MONTHLY")).toEqual(["2026-11", "2026-12", "2027-01", "2027-02"]);
    expect(periodsBetween("2026-11-20T10:00:00Z", "2027-02-03T00:00:00Z", "QUARTERLY")).toEqual(["2026-Q4", "2027-Q1"]);
    expect(periodsBetween("2027-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "MONTHLY")).toEqual([]);
    expect(isLicencePeriod("2026-10", "2026-11-20T10:00:00Z", "MONTHLY")).toBe(false);
    expect(isLicencePeriod("2026-11", "2026-11-20T10:00:00Z", "MONTHLY")).toBe(true);
    expect(isLicencePeriod("2026-Q4", "2026-11-20T10:00:00Z", "MONTHLY")).toBe(false);
  });

  it("periods tile time: each ends where the next starts, and every instant lies in its period", () => {
    const instant = fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true }).map((d) => d.toISOString());
    fc.assert(
      fc.property(instant, fc.constantFrom("MONTHLY" as const, "QUARTERLY" as const), (iso, reporting) => {
        const p = periodOf(iso, reporting);
        expect(periodStart(p) <= iso && iso < periodEnd(p)).toBe(true);
        expect(periodStart(nextPeriod(p))).toBe(periodEnd(p));
        expect(Date.parse(returnDueAt(p)) - Date.parse(periodEnd(p))).toBe(15 * 24 * 3600 * 1000);
      }),
    );
  });
});

describe("supervision workflow tables", () => {
  const pass = () => undefined;

  it("returns: the licensee files from DUE, LATE, FILED and QUERIED; reviewers accept or query FILED; only the job marks late", () => {
    expect(RETURN_WORKFLOW.map((r) => `${r.from} ${r.action} -> ${r.next} (${r.roles.join(",")})`)).toEqual([
      "DUE file -> FILED (applicant)",
      "LATE file -> FILED (applicant)",
      "FILED file -> FILED (applicant)",
      "QUERIED file -> FILED (applicant)",
      "FILED accept -> ACCEPTED (reviewer)",
      "FILED query -> QUERIED (reviewer)",
      "DUE mark-late -> LATE (system)",
    ]);
    expect(() => checkTransition(RETURN_WORKFLOW, "ACCEPTED", "file", ["applicant"], pass)).toThrow(InvalidTransition);
    expect(() => checkTransition(RETURN_WORKFLOW, "FILED", "accept", ["applicant"], pass)).toThrow(Forbidden);
    expect(() => checkTransition(RETURN_WORKFLOW, "LATE", "mark-late", ["system"], pass)).toThrow(InvalidTransition);
    expect(actionsOf(RETURN_WORKFLOW, "FILED", "reviewer")).toEqual(["accept", "query"]);
  });

  it("a guard's refusal stops the transition with its own error", () => {
    const refusal = new Conflict("not yet");
    expect(() => checkTransition(RETURN_WORKFLOW, "DUE", "file", ["applicant"], (g) => (g === "period-ended" ? refusal : undefined))).toThrow(refusal);
    expect(checkTransition(RETURN_WORKFLOW, "DUE", "file", ["applicant"], pass).next).toBe("FILED");
  });

  it("cases, extensions, exits and milestones hold exactly their rows", () => {
    expect(CASE_WORKFLOW.map((r) => `${r.from} ${r.action} -> ${r.next}`)).toEqual(["OPEN resolve -> RESOLVED", "OPEN escalate -> ESCALATED"]);
    expect(EXTENSION_WORKFLOW.map((r) => `${r.from} ${r.action} -> ${r.next}`)).toEqual(["NONE request -> PENDING", "REFUSED request -> PENDING", "PENDING approve -> APPROVED", "PENDING refuse -> REFUSED"]);
    // Once approved, nothing more may be asked: APPROVED has no row.
    expect(actionsOf(EXTENSION_WORKFLOW, "APPROVED", "applicant")).toEqual([]);
    expect(EXIT_WORKFLOW.map((r) => `${r.from} ${r.action} -> ${r.next}`)).toEqual(["NONE report -> REPORTED", "REPORTED decide -> DECIDED"]);
    expect(MILESTONE_WORKFLOW.every((r) => r.from === "PENDING" && r.roles.join() === "reviewer")).toBe(true);
    for (const table of [CASE_WORKFLOW, EXTENSION_WORKFLOW, EXIT_WORKFLOW, MILESTONE_WORKFLOW, RETURN_WORKFLOW] as const) {
      const keys = (table as readonly { from: string; action: string }[]).map((r) => `${r.from} ${r.action}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
    // Every reviewer action carries the own-firm guard.
    for (const table of [CASE_WORKFLOW, EXTENSION_WORKFLOW, EXIT_WORKFLOW, MILESTONE_WORKFLOW, RETURN_WORKFLOW] as const) {
      for (const row of table as readonly { roles: readonly string[]; guards: readonly string[] }[]) if (row.roles.includes("reviewer")) expect(row.guards).toContain("not-own-firm");
    }
  });
});

describe("test plans and limits", () => {
  it("defaults to monthly reporting within the approved MW for energy, the given limits for VASP", () => {
    expect(proposeTestPlan("BITCOIN_MINING", 12.5, undefined)).toEqual({ reporting: "MONTHLY", limits: { maxPeakMw: 12.5 }, milestones: [] });
    expect(proposeTestPlan("VIRTUAL_ASSET_SERVICE", undefined, { reporting: "QUARTERLY", limits: { maxCustomers: 10 } })).toEqual({ reporting: "QUARTERLY", limits: { maxCustomers: 10 }, milestones: [] });
    expect(() => proposeTestPlan("AI_DATA_CENTRE", 5, { limits: { maxCustomers: 1 } })).toThrow(/limited by their approved MW/);
    const issued = issueTestPlan(proposeTestPlan("VIRTUAL_ASSET_SERVICE", undefined, { milestones: [{ title: "a", dueDate: "2027-01-01" }, { title: "b", dueDate: "2027-02-01" }] }));
    expect(issued.milestones.map((m) => m.status)).toEqual(["PENDING", "PENDING"]);
    expect(new Set(issued.milestones.map((m) => m.milestoneId)).size).toBe(2);
  });

  it("a second approval sending a different plan is a mismatch on testPlan; the same or none is not", () => {
    const first = proposeTestPlan("VIRTUAL_ASSET_SERVICE", undefined, { limits: { maxCustomers: 10, maxClientAssetsUsd: 5 } });
    expect(testPlanMismatch(first, undefined)).toEqual([]);
    expect(testPlanMismatch(first, { reporting: "MONTHLY", limits: { maxClientAssetsUsd: 5, maxCustomers: 10 } })).toEqual([]);
    expect(testPlanMismatch(first, { limits: { maxCustomers: 11, maxClientAssetsUsd: 5 } })).toEqual([{ path: "testPlan", message: expect.any(String) }]);
  });

  it("names every KPI above its limit, and nothing at the limit", () => {
    expect(limitBreaches({ customers: 10, clientAssetsUsd: 5, peakMw: 3 }, { maxCustomers: 10, maxClientAssetsUsd: 5, maxPeakMw: 3 })).toEqual([]);
    expect(limitBreaches({ customers: 11, transactionsCount: 2, transactionsUsd: 3000 }, { maxCustomers: 10, maxTransactionUsd: 1000 }).map((b) => b.kpi)).toEqual(["customers", "transactionsUsd"]);
    expect(limitBreaches({ peakMw: 10.001 }, { maxPeakMw: 10 })).toEqual([{ kpi: "peakMw", value: 10.001, limit: 10, limitName: "maxPeakMw" }]);
  });

  it("an incident reported more than 72 hours after it occurred is late", () => {
    expect(isLateReport("2026-03-01T00:00:00Z", "2026-03-04T00:00:00Z")).toBe(false);
    expect(isLateReport("2026-03-01T00:00:00Z", "2026-03-04T00:00:01Z")).toBe(true);
  });
});
