import { afterEach, describe, expect, it } from "vitest";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { handler as lateReturns } from "../../lambdas/jobs/late-returns.ts";
import { decide } from "../../lambdas/services/review.ts";
import { fileReturn } from "../../lambdas/services/returns.ts";
import { clock } from "../../lambdas/store/clock.ts";
import { dynamo, tableName } from "../../lambdas/store/clients.ts";
import { allEvents, sealAll } from "../support/audit-log.ts";
import { getCase } from "../../lambdas/store/cases.ts";
import { getLicence } from "../../lambdas/store/licences.ts";
import { PreconditionRequired } from "../../lambdas/domain/errors.ts";
import { nextPeriod, periodEnd, periodOf, returnDueAt } from "../../lambdas/domain/periods.ts";
import { applicantActor, REVIEWER_1, seedApplication, seedRound } from "../support/journey.ts";

// The supervision transactions against DynamoDB Local with the real SDK: a return and the case it
// causes are one transaction with one event; the late-returns job, run concurrently and again, opens
// each LATE_RETURN case once.

const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
});
const at = (iso: string) => {
  clock.now = () => new Date(Date.parse(iso) + 3600_000);
};

/** A licence and the period it was issued in (events never go back in time, so that may be after the wall clock). */
async function licensed(ownerSub: string, mw: number) {
  const app = await seedApplication({ ownerSub, status: "UNDER_REVIEW", region: "HESCO", requestedMw: mw, startDate: "2026-02-01" });
  const number = (await decide(app.id, { decision: "approve", reason: "ok" }, REVIEWER_1)).licenceNumber!;
  const licence = await getLicence(number, true);
  return { number, first: periodOf(licence!.issuedAt, "MONTHLY") };
}

async function partition(licenceNumber: string): Promise<Record<string, unknown>[]> {
  const out = await dynamo().send(new QueryCommand({ TableName: tableName(), KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": `LIC#${licenceNumber}` }, ConsistentRead: true }));
  return out.Items ?? [];
}

// Events are read once the sequencer has numbered them.
const events = async (action: string, entityId: string) => {
  await sealAll();
  return (await allEvents()).filter((e) => e.action === action && e.entityId === entityId);
};

const FILING = (peakMw: number) => ({ kpis: { energyMwh: 100, peakMw }, complaints: 0, safeguardsMet: true, attestation: { name: "A", title: "CEO" } });

describe("supervision transactions", () => {
  it("a return over its limit and its LIMIT_BREACH case commit together, once, under concurrent first filings", async () => {
    await seedRound([{ region: "HESCO", category: "BITCOIN_MINING", mw: 100 }]);
    const owner = applicantActor("owner-atomic");
    const { number, first: period } = await licensed(owner.sub, 10);
    at(periodEnd(period));

    const outcomes = await Promise.allSettled([fileReturn(number, period, FILING(15), undefined, owner), fileReturn(number, period, FILING(15), undefined, owner)]);
    const won = outcomes.filter((o) => o.status === "fulfilled");
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
    expect(won).toHaveLength(1);
    // The loser rebuilt on the winner's filing: filing again needs If-Match.
    expect(lost.map((o) => o.reason)).toEqual([expect.any(PreconditionRequired)]);

    const items = await partition(number);
    expect(items.filter((i) => i.entity === "return")).toHaveLength(1);
    expect(items.filter((i) => i.entity === "returnHistory")).toHaveLength(1);
    expect(items.filter((i) => i.entity === "caseMarker")).toEqual([expect.objectContaining({ kind: "LIMIT_BREACH", version: 1 })]);
    const caseId = `LIMIT_BREACH-${number}-${period}`;
    const opened = await getCase(caseId);
    const [event] = await events("return.file", `${number}/${period}`);
    expect(await events("return.file", `${number}/${period}`)).toHaveLength(1);
    // Same transaction: the case's opening time is the event's, and the event names the case.
    expect(opened?.openedAt).toBe(event.at);
    expect(event.data).toMatchObject({ from: "DUE", to: "FILED", casesOpened: [{ caseId, kind: "LIMIT_BREACH" }] });
  });

  it("the late-returns job marks each unfiled past-due return LATE with one case, run concurrently and again", async () => {
    const owner = applicantActor("owner-late");
    const { number, first } = await licensed(owner.sub, 5);
    const second = nextPeriod(first);
    at(returnDueAt(second));

    const [a, b] = await Promise.all([lateReturns(), lateReturns()]);
    const again = await lateReturns();
    const mine = (run: { marked: string[] }) => run.marked.filter((m) => m.startsWith(number));
    expect([...mine(a), ...mine(b)].sort()).toEqual([`${number}/${first}`, `${number}/${second}`]);
    expect(mine(again)).toEqual([]);

    const items = await partition(number);
    expect(items.filter((i) => i.entity === "return").map((i) => [i.period, i.status, i.version])).toEqual([
      [first, "LATE", 1],
      [second, "LATE", 1],
    ]);
    expect(items.filter((i) => i.entity === "returnHistory")).toHaveLength(2);
    for (const period of [first, second]) {
      expect(await getCase(`LATE_RETURN-${number}-${period}`)).toMatchObject({ kind: "LATE_RETURN", status: "OPEN", cause: { period } });
      expect(await events("return.mark-late", `${number}/${period}`)).toHaveLength(1);
    }
    // The second LATE_RETURN within 12 months is a repeat.
    expect((await getCase(`LATE_RETURN-${number}-${second}`))?.repeat).toBe(true);
    expect((await getCase(`LATE_RETURN-${number}-${first}`))?.repeat).toBe(false);
  });
});
