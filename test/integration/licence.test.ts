import { describe, expect, it } from "vitest";
import { Forbidden, InvalidTransition, NotFound } from "../../lambdas/domain/errors.ts";
import { decide } from "../../lambdas/services/review.ts";
import { auditLicences, getLicenceFor, reviewerAction, surrender } from "../../lambdas/services/licences.ts";
import { getLicence } from "../../lambdas/store/licences.ts";
import { readLine } from "../../lambdas/store/rounds.ts";
import { allEvents, sealAll } from "../support/audit-log.ts";
import type { EnergyCategory, Region } from "../../lambdas/schemas/common.ts";
import { REVIEWER_1, applicantActor, seedApplication, seedRound } from "../support/journey.ts";

// Licence status changes against real DynamoDB Local: each is one commit of the licence, the MW line
// (where MW go back) and the audit event.

let nextYear = 2060;
async function issued(mw: number, region: Region = "KE", category: EnergyCategory = "BITCOIN_MINING") {
  const year = nextYear++;
  const round = await seedRound([{ region, category, mw: 100 }], { from: `${year}-01-01`, to: `${year}-12-31` });
  const app = await seedApplication({ status: "UNDER_REVIEW", category, region, requestedMw: mw, startDate: `${year}-03-01` });
  const decided = await decide(app.id, { decision: "approve", reason: "ok" }, REVIEWER_1);
  const line = () => readLine(round.roundId, region, category);
  return { app, number: decided.licenceNumber!, line, holder: applicantActor(app.ownerSub) };
}

async function lastEvent() {
  await sealAll();
  return (await allEvents()).at(-1)!;
}

describe("licence actions", () => {
  it("suspend keeps the MW; reinstate restores; revoke releases them in the same commit", async () => {
    const { number, line } = await issued(30);
    expect((await line())?.approvedKw).toBe(30_000);

    const suspended = await reviewerAction(number, "suspend", "Missed the monthly report.", REVIEWER_1);
    expect(suspended).toMatchObject({ status: "SUSPENDED", version: 2 });
    expect(suspended).not.toHaveProperty("holderSub");
    expect((await line())?.approvedKw).toBe(30_000);
    await expect(reviewerAction(number, "suspend", "again", REVIEWER_1)).rejects.toBeInstanceOf(InvalidTransition);

    const reinstated = await reviewerAction(number, "reinstate", "Report received.", REVIEWER_1);
    expect(reinstated.status).toBe("ACTIVE");

    const revoked = await reviewerAction(number, "revoke", "Breach of licence condition 2.", REVIEWER_1);
    expect(revoked.status).toBe("REVOKED");
    expect(await line()).toMatchObject({ approvedKw: 0, remainingKw: 100_000 });
    expect(revoked.statusHistory.map((h) => [h.from, h.to, h.reason])).toEqual([
      [null, "ACTIVE", "ok"],
      ["ACTIVE", "SUSPENDED", "Missed the monthly report."],
      ["SUSPENDED", "ACTIVE", "Report received."],
      ["ACTIVE", "REVOKED", "Breach of licence condition 2."],
    ]);
    expect(await lastEvent()).toMatchObject({
      action: "licence.revoke",
      entityType: "licence",
      entityId: number,
      data: { from: "ACTIVE", to: "REVOKED", reason: "Breach of licence condition 2.", releasedMw: 30 },
    });

    // Final: nothing more, and the MW are never released twice.
    for (const action of ["revoke", "suspend", "reinstate"] as const) {
      await expect(reviewerAction(number, action, "x", REVIEWER_1)).rejects.toBeInstanceOf(InvalidTransition);
    }
    expect((await line())?.approvedKw).toBe(0);
  });

  it("revoking a suspended licence releases its MW too", async () => {
    const { number, line } = await issued(10, "LESCO");
    await reviewerAction(number, "suspend", "Inspection pending.", REVIEWER_1);
    await reviewerAction(number, "revoke", "Inspection failed.", REVIEWER_1);
    expect((await line())?.approvedKw).toBe(0);
  });

  it("only the licensee surrenders (anyone else: 404), and surrender releases the MW", async () => {
    const { number, line, holder } = await issued(40, "FESCO");
    await expect(surrender(number, "Not mine.", applicantActor("someone-else"))).rejects.toBeInstanceOf(NotFound);
    await expect(surrender("PCC-BTC-2000-000001", "none", holder)).rejects.toBeInstanceOf(NotFound);
    // A reviewer cannot surrender on the firm's behalf.
    await expect(surrender(number, "x", { ...REVIEWER_1, sub: holder.sub })).rejects.toBeInstanceOf(Forbidden);

    const surrendered = await surrender(number, "Project cancelled.", holder);
    expect(surrendered.status).toBe("SURRENDERED");
    expect(await line()).toMatchObject({ approvedKw: 0, remainingKw: 100_000 });
    await expect(surrender(number, "again", holder)).rejects.toBeInstanceOf(InvalidTransition);
  });

  it("a VASP licence changes status without touching any line", async () => {
    const app = await seedApplication({ status: "UNDER_REVIEW", category: "VIRTUAL_ASSET_SERVICE" });
    const { licenceNumber } = await decide(app.id, { decision: "approve", reason: "ok" }, REVIEWER_1);
    const revoked = await reviewerAction(licenceNumber!, "revoke", "Licence conditions breached.", REVIEWER_1);
    expect(revoked.status).toBe("REVOKED");
    const event = await lastEvent();
    expect(event.data).not.toHaveProperty("releasedMw");
  });

  it("the licensee sees its own licence, other applicants get 404, reviewers see any", async () => {
    const { number, holder } = await issued(5, "HAZECO");
    expect(await getLicenceFor(number, holder)).toMatchObject({ licenceNumber: number, status: "ACTIVE" });
    await expect(getLicenceFor(number, applicantActor("other-firm"))).rejects.toBeInstanceOf(NotFound);
    expect((await getLicenceFor(number, REVIEWER_1)).licenceNumber).toBe(number);
    await expect(getLicenceFor("PCC-BTC-2000-000009", REVIEWER_1)).rejects.toBeInstanceOf(NotFound);
  });

  it("auditors get every licence with holder, MW and status history, filterable", async () => {
    const { number } = await issued(7, "TESCO");
    const page = await auditLicences({ region: "TESCO" }, 100);
    expect(page.items.map((l) => l.licenceNumber)).toEqual([number]);
    expect(page.items[0]).toMatchObject({ approvedMw: 7, holderSub: expect.any(String), statusHistory: [{ to: "ACTIVE" }] });
    const stored = await getLicence(number);
    expect(page.items[0]).toEqual(stored);
    const revoked = await auditLicences({ status: "REVOKED" }, 100);
    expect(revoked.items.every((l) => l.status === "REVOKED")).toBe(true);
    expect(revoked.items.length).toBeGreaterThanOrEqual(2);
  });
});
