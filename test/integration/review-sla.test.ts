import { afterEach, describe, expect, it } from "vitest";
import { assign, requestInfo, reviewApplication, reviewQueue } from "../../lambdas/services/review.ts";
import { respondToInfoRequest, submitApplication } from "../../lambdas/services/applications.ts";
import { clock } from "../../lambdas/store/clock.ts";
import { REVIEWER_1, applicantActor, seedApplication } from "../support/journey.ts";
import { commit } from "../../lambdas/store/commit.ts";
import { getApplication, saveApplication } from "../../lambdas/store/applications.ts";

// The decision deadline through the real services with a replaced clock: 60 days from submission,
// stopped while INFO_REQUESTED, and the queue's overdue flag following the clock. Its own file,
// because the audit trail never lets time go backwards within a table.

const DAY = 86_400_000;
const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
});

describe("SLA with a controllable clock", () => {
  it("pauses while INFO_REQUESTED and moves dueAt by exactly the time paused", async () => {
    const t0 = Date.parse("2031-04-01T08:00:00.000Z");
    const set = (days: number) => {
      clock.now = () => new Date(t0 + days * DAY);
    };
    // A DRAFT that is complete, submitted through the real submit at t0.
    const seeded = await seedApplication({ category: "VIRTUAL_ASSET_SERVICE" });
    await commit(applicantActor(seeded.ownerSub), async () => {
      const r = (await getApplication(seeded.id, true))!;
      const draft = { ...r, status: "DRAFT" as const, submittedAt: undefined, dueAt: undefined, version: r.version + 1 };
      return { items: [saveApplication(draft)], event: { action: "test.reset-to-draft", entityType: "application", entityId: r.id, data: {} }, result: draft };
    });
    set(0);
    const submitted = await submitApplication(seeded.id, applicantActor(seeded.ownerSub));
    expect(submitted.dueAt).toBe(new Date(t0 + 60 * DAY).toISOString());

    set(5);
    await assign(seeded.id, REVIEWER_1);
    set(10);
    await requestInfo(seeded.id, "Send the custody policy.", REVIEWER_1);

    // While paused, the queue shows the deadline moving with the clock and never overdue.
    set(75);
    const waiting = (await reviewQueue({}, 100)).items.find((i) => i.id === seeded.id)!;
    expect(waiting.effectiveDueAt).toBe(new Date(t0 + 125 * DAY).toISOString());
    expect(waiting.overdue).toBe(false);

    set(80);
    await respondToInfoRequest(seeded.id, "Attached.", applicantActor(seeded.ownerSub));
    const resumed = await reviewApplication(seeded.id);
    expect(resumed.dueAt).toBe(new Date(t0 + 130 * DAY).toISOString());
    expect(resumed.slaPausedAt).toBeUndefined();

    set(129);
    expect((await reviewQueue({}, 100)).items.find((i) => i.id === seeded.id)?.overdue).toBe(false);
    set(131);
    expect((await reviewQueue({}, 100)).items.find((i) => i.id === seeded.id)?.overdue).toBe(true);
  });
});
