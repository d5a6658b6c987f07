import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  START_TOLERANCE_MS,
  TARGETS_IN_DECLARATION,
  TARGETS_PER_STAGING,
  targetState,
  chunks,
  curtailmentStatus,
  declarationErrors,
  declarationPlan,
  limitKw,
  notAcknowledgedBeforeStart,
  outcomeOf,
  pickAckTarget,
  planResponses,
} from "../../lambdas/domain/curtailment.ts";
import { Conflict, Forbidden, InvalidTransition, NotFound, ValidationError } from "../../lambdas/domain/errors.ts";
import { CURTAILMENT_TARGET_WORKFLOW } from "../../lambdas/domain/supervision-workflows.ts";
import { checkTransition } from "../../lambdas/domain/transitions.ts";
import { RespondCurtailment } from "../../lambdas/schemas/curtailment.ts";

const event = { startsAt: "2026-01-10T10:00:00.000Z", endsAt: "2026-01-10T14:00:00.000Z" };

describe("curtailment status on the product clock", () => {
  it("is UPCOMING before the start, IN_PROGRESS from the start, ENDED from the end", () => {
    expect(curtailmentStatus(event, "2026-01-10T09:59:59.999Z")).toBe("UPCOMING");
    expect(curtailmentStatus(event, event.startsAt)).toBe("IN_PROGRESS");
    expect(curtailmentStatus(event, "2026-01-10T13:59:59.999Z")).toBe("IN_PROGRESS");
    expect(curtailmentStatus(event, event.endsAt)).toBe("ENDED");
  });
});

describe("outcome", () => {
  it("COMPLIED at most approved x (1 - reduction), FAILED above, in whole kW", () => {
    expect(outcomeOf(20, 50, 10)).toBe("COMPLIED");
    expect(outcomeOf(20, 50, 10.001)).toBe("FAILED");
    expect(outcomeOf(20, 100, 0)).toBe("COMPLIED");
    expect(outcomeOf(20, 100, 0.001)).toBe("FAILED");
    // 0.1 + 0.2 style float edges do not move the bar: 3 MW x 90 % = exactly 2.7 MW.
    expect(outcomeOf(3, 10, 2.7)).toBe("COMPLIED");
    expect(limitKw(3, 10)).toBe(2700);
    // A bar that is not whole kW rounds down: 0.007 MW x 50 % = 3.5 kW -> 3 kW.
    expect(limitKw(0.007, 50)).toBe(3);
    expect(outcomeOf(0.007, 50, 0.003)).toBe("COMPLIED");
    expect(outcomeOf(0.007, 50, 0.004)).toBe("FAILED");
  });

  it("agrees with the displayed limit for every whole-kW figure (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5_000_000 }), fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 5_000_000 }), (approvedKw, reduction, averageKw) => {
        const complied = outcomeOf(approvedKw / 1000, reduction, averageKw / 1000) === "COMPLIED";
        expect(complied).toBe(averageKw <= limitKw(approvedKw / 1000, reduction));
      }),
    );
  });
});

describe("acknowledged before the start", () => {
  const t = (acknowledgedAt?: string) => ({ startsAt: event.startsAt, acknowledgedAt });
  it("is not marked before the event starts, acknowledged or not", () => {
    expect(notAcknowledgedBeforeStart(t(), "2026-01-10T09:00:00.000Z")).toBe(false);
  });
  it("is marked once started when never acknowledged or acknowledged at or after the start", () => {
    expect(notAcknowledgedBeforeStart(t(), event.startsAt)).toBe(true);
    expect(notAcknowledgedBeforeStart(t(event.startsAt), event.endsAt)).toBe(true);
    expect(notAcknowledgedBeforeStart(t("2026-01-10T11:00:00.000Z"), event.endsAt)).toBe(true);
    expect(notAcknowledgedBeforeStart(t("2026-01-10T09:59:00.000Z"), event.endsAt)).toBe(false);
  });
  it("runs on the one engine's table: acknowledged by the licensee, answered by the grid, nothing after an outcome", () => {
    const ok = () => undefined;
    expect(targetState({ outcome: "PENDING" })).toBe("NOT_ACKNOWLEDGED");
    expect(targetState({ outcome: "PENDING", acknowledgedAt: event.startsAt })).toBe("ACKNOWLEDGED");
    expect(targetState({ outcome: "FAILED", acknowledgedAt: event.startsAt })).toBe("FAILED");
    expect(checkTransition(CURTAILMENT_TARGET_WORKFLOW, "NOT_ACKNOWLEDGED", "acknowledge", ["applicant"], ok).next).toBe("ACKNOWLEDGED");
    expect(() => checkTransition(CURTAILMENT_TARGET_WORKFLOW, "NOT_ACKNOWLEDGED", "acknowledge", ["grid"], ok)).toThrow(Forbidden);
    expect(checkTransition(CURTAILMENT_TARGET_WORKFLOW, "ACKNOWLEDGED", "respond", ["grid"], ok).next).toBe("outcome");
    expect(() => checkTransition(CURTAILMENT_TARGET_WORKFLOW, "ACKNOWLEDGED", "respond", ["reviewer"], ok)).toThrow(Forbidden);
    for (const done of ["COMPLIED", "FAILED"] as const) {
      expect(() => checkTransition(CURTAILMENT_TARGET_WORKFLOW, done, "respond", ["grid"], ok)).toThrow(InvalidTransition);
      expect(() => checkTransition(CURTAILMENT_TARGET_WORKFLOW, done, "acknowledge", ["applicant"], ok)).toThrow(InvalidTransition);
    }
  });
});

describe("declaration timing", () => {
  const now = "2026-01-10T09:00:00.000Z";
  it(`tolerates a start up to ${START_TOLERANCE_MS / 60000} minutes in the past, not more`, () => {
    expect(declarationErrors({ startsAt: "2026-01-10T08:56:00.000Z", endsAt: event.endsAt }, now)).toEqual([]);
    expect(declarationErrors({ startsAt: "2026-01-10T08:54:59.000Z", endsAt: event.endsAt }, now)).toEqual([{ path: "startsAt", message: "must not be in the past" }]);
  });
  it("needs the end after the start", () => {
    expect(declarationErrors({ startsAt: event.startsAt, endsAt: event.startsAt }, now)).toEqual([{ path: "endsAt", message: "must be after startsAt" }]);
  });
});

describe("chunking within 100 items a transaction", () => {
  it("keeps a region of up to 98 targets in the one declaration transaction", () => {
    const plan = declarationPlan(Array.from({ length: TARGETS_IN_DECLARATION }, (_, i) => i));
    expect(plan.staged).toEqual([]);
    expect(plan.last).toHaveLength(TARGETS_IN_DECLARATION);
    expect(declarationPlan([])).toEqual({ staged: [], last: [] });
  });

  it("stages the rest of a large region in transactions of 100, every target once (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1200 }), (n) => {
        const targets = Array.from({ length: n }, (_, i) => i);
        const plan = declarationPlan(targets);
        expect([...plan.staged.flat(), ...plan.last]).toEqual(targets);
        expect(plan.last.length).toBeLessThanOrEqual(TARGETS_IN_DECLARATION);
        // The last transaction: the event item + its audit event + its targets.
        expect(plan.last.length + 2).toBeLessThanOrEqual(100);
        for (const chunk of plan.staged) expect(chunk.length).toBeLessThanOrEqual(TARGETS_PER_STAGING);
      }),
    );
  });

  it("chunks refuse a size below 1", () => {
    expect(chunks([1, 2, 3], 2)).toEqual([[1, 2], [3]]);
    expect(() => chunks([1], 0)).toThrow(RangeError);
  });
});

describe("which targeted licence an acknowledgement is for", () => {
  const a = { licenceNumber: "PCC-BTC-2026-000001" };
  const b = { licenceNumber: "PCC-AIDC-2026-000002" };
  it("takes the only one, or the one named", () => {
    expect(pickAckTarget([a], undefined)).toBe(a);
    expect(pickAckTarget([a, b], b.licenceNumber)).toBe(b);
  });
  it("is a 404 for a firm with none, or for a licence not among its own", () => {
    expect(() => pickAckTarget([], undefined)).toThrow(NotFound);
    expect(() => pickAckTarget([a], b.licenceNumber)).toThrow(NotFound);
  });
  it("is a 400 naming licenceNumber when the firm holds several", () => {
    try {
      pickAckTarget([a, b], undefined);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).errors?.[0].path).toBe("licenceNumber");
    }
  });
});

describe("the grid operator's answers", () => {
  const curtailment = { endsAt: event.endsAt, reductionPercent: 50 };
  const targets = new Map([
    ["PCC-BTC-2026-000001", { licenceNumber: "PCC-BTC-2026-000001", approvedMw: 20, outcome: "PENDING" as const }],
    ["PCC-BTC-2026-000002", { licenceNumber: "PCC-BTC-2026-000002", approvedMw: 10, outcome: "PENDING" as const }],
    ["PCC-BTC-2026-000003", { licenceNumber: "PCC-BTC-2026-000003", approvedMw: 10, outcome: "COMPLIED" as const, averageMw: 4 }],
  ]);
  const after = "2026-01-10T15:00:00.000Z";

  it("is a 409 before the end", () => {
    expect(() => planResponses(curtailment, targets, [{ licenceNumber: "PCC-BTC-2026-000001", averageMw: 1 }], "2026-01-10T13:00:00.000Z")).toThrow(InvalidTransition);
  });

  it("decides each outcome and skips a target answered with the same figure", () => {
    const plan = planResponses(
      curtailment,
      targets,
      [
        { licenceNumber: "PCC-BTC-2026-000001", averageMw: 10 },
        { licenceNumber: "PCC-BTC-2026-000002", averageMw: 7.5 },
        { licenceNumber: "PCC-BTC-2026-000003", averageMw: 4 },
      ],
      after,
    );
    expect(plan.map((p) => [p.index, p.outcome])).toEqual([
      [0, "COMPLIED"],
      [1, "FAILED"],
    ]);
  });

  it("names a licence that was not targeted at responses.<index>.licenceNumber (400)", () => {
    try {
      planResponses(curtailment, targets, [{ licenceNumber: "PCC-BTC-2026-000001", averageMw: 1 }, { licenceNumber: "PCC-BTC-2026-000999", averageMw: 1 }], after);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).errors).toEqual([{ path: "responses.1.licenceNumber", message: "not a licence this curtailment targeted" }]);
    }
  });

  it("refuses another figure for an answered target (409 naming averageMw)", () => {
    try {
      planResponses(curtailment, targets, [{ licenceNumber: "PCC-BTC-2026-000003", averageMw: 9 }], after);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(Conflict);
      expect((error as Conflict).errors?.[0].path).toBe("responses.0.averageMw");
    }
  });

  it("the body schema refuses a licence given twice and bad figures, naming the index", () => {
    const parsed = RespondCurtailment.safeParse({
      responses: [
        { licenceNumber: "PCC-BTC-2026-000001", averageMw: 1 },
        { licenceNumber: "PCC-BTC-2026-000001", averageMw: 2 },
        { licenceNumber: "PCC-BTC-2026-000002", averageMw: -1 },
        { licenceNumber: "PCC-BTC-2026-000003", averageMw: 1.0001 },
      ],
    });
    expect(parsed.success).toBe(false);
    const paths = parsed.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["responses.1.licenceNumber", "responses.2.averageMw", "responses.3.averageMw"]));
    expect(RespondCurtailment.safeParse({ responses: [] }).success).toBe(false);
    expect(RespondCurtailment.safeParse({ responses: [{ licenceNumber: "PCC-BTC-2026-000001", averageMw: 0 }] }).success).toBe(true);
  });
});
