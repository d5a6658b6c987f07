import { afterEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import { dueAtFrom, effectiveDueAt, isOverdue, resumeSla, staffView, type ApplicationRecord } from "../../lambdas/domain/application.ts";
import { clock, nowIso } from "../../lambdas/store/clock.ts";

// The decision deadline: 60 days from submission, the clock stopped while INFO_REQUESTED.
// The domain functions take `now` explicitly; the store's clock is replaceable for the services.

const DAY = 86_400_000;
const T0 = Date.parse("2026-01-10T09:00:00.000Z");
const at = (days: number) => new Date(T0 + days * DAY).toISOString();

function record(status: ApplicationRecord["status"], dueAt: string | undefined, slaPausedAt?: string): ApplicationRecord {
  return {
    id: "a",
    ownerSub: "o",
    category: "VIRTUAL_ASSET_SERVICE",
    status,
    version: 1,
    createdAt: at(0),
    updatedAt: at(0),
    dueAt,
    slaPausedAt,
    documents: [],
    history: [],
    infoRequests: [],
  };
}

describe("SLA arithmetic", () => {
  it("is due 60 days after submission", () => {
    expect(dueAtFrom(at(0), 60)).toBe(at(60));
    // Across a DST-free UTC calendar: exactly 60 * 24 h, whatever the month lengths.
    expect(dueAtFrom("2026-01-31T23:59:59.999Z", 60)).toBe("2026-04-01T23:59:59.999Z");
  });

  it("moves the deadline later by exactly the time spent waiting for the applicant", () => {
    expect(resumeSla(at(60), at(10), at(15))).toBe(at(65));
    // Two information requests pause twice.
    const afterFirst = resumeSla(at(60), at(10), at(15));
    expect(resumeSla(afterFirst, at(20), at(20.5))).toBe(at(65.5));
  });

  it("never moves a deadline earlier (a clock that steps back counts as no pause)", () => {
    expect(resumeSla(at(60), at(10), at(9))).toBe(at(60));
  });

  it("while paused, the effective deadline keeps moving with the clock", () => {
    const paused = record("INFO_REQUESTED", at(60), at(10));
    expect(effectiveDueAt(paused, at(10))).toBe(at(60));
    expect(effectiveDueAt(paused, at(40))).toBe(at(90));
    expect(effectiveDueAt(record("SUBMITTED", undefined), at(1))).toBeUndefined();
  });

  it("is overdue only in a queue state and only after the (effective) deadline", () => {
    expect(isOverdue(record("UNDER_REVIEW", at(60)), at(59))).toBe(false);
    expect(isOverdue(record("UNDER_REVIEW", at(60)), at(60))).toBe(false);
    expect(isOverdue(record("UNDER_REVIEW", at(60)), at(61))).toBe(true);
    expect(isOverdue(record("PENDING_SECOND_APPROVAL", at(60)), at(61))).toBe(true);
    // A decided application is never overdue, however old.
    for (const s of ["APPROVED", "REJECTED", "WITHDRAWN"] as const) expect(isOverdue(record(s, at(60)), at(500))).toBe(false);
    // Paused before the deadline: not overdue however long the applicant takes.
    expect(isOverdue(record("INFO_REQUESTED", at(60), at(50)), at(400))).toBe(false);
    // Paused after the deadline had passed: still overdue.
    expect(isOverdue(record("INFO_REQUESTED", at(60), at(70)), at(80))).toBe(true);
  });

  it("pause + resume never shortens the total review time available (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 * DAY }), fc.integer({ min: 0, max: 200 * DAY }), (pauseOffset, waited) => {
        const due = at(60);
        const pausedAt = new Date(T0 + pauseOffset).toISOString();
        const resumedAt = new Date(T0 + pauseOffset + waited).toISOString();
        const resumed = resumeSla(due, pausedAt, resumedAt);
        expect(Date.parse(resumed) - Date.parse(due)).toBe(waited);
        // What the queue showed just before respond equals what is stored after it.
        expect(effectiveDueAt(record("INFO_REQUESTED", due, pausedAt), resumedAt)).toBe(resumed);
      }),
    );
  });
});

describe("the replaceable clock", () => {
  const real = clock.now;
  afterEach(() => {
    clock.now = real;
  });

  it("drives nowIso and therefore what staffView reports as overdue", () => {
    clock.now = () => new Date(at(61));
    expect(nowIso()).toBe(at(61));
    const view = staffView(record("UNDER_REVIEW", at(60)), nowIso());
    expect(view).toMatchObject({ dueAt: at(60), effectiveDueAt: at(60), overdue: true });
    clock.now = () => new Date(at(59));
    expect(staffView(record("UNDER_REVIEW", at(60)), nowIso()).overdue).toBe(false);
  });
});
