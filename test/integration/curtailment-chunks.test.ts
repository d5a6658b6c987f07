import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { dynamo, tableName } from "../../lambdas/store/clients.ts";
import { clock } from "../../lambdas/store/clock.ts";
import { keys } from "../../lambdas/store/keys.ts";
import { saveLicence } from "../../lambdas/store/licences.ts";
import { stageTargets, listTargetsOfLicence } from "../../lambdas/store/curtailments.ts";
import { declareCurtailment, getCurtailmentFor } from "../../lambdas/services/curtailments.ts";
import { respondCurtailment } from "../../lambdas/services/curtailment-actions.ts";
import { getCase } from "../../lambdas/store/cases.ts";
import type { LicenceRecord } from "../../lambdas/domain/licence.ts";
import type { Actor } from "../../lambdas/domain/actor.ts";
import { dynamoRequestsOf } from "../support/dynamo-requests.ts";

// A region with more curtailable licences than one transaction holds (130 > 98): the declaration
// stages the first targets and commits the event item with the rest and its audit event; the
// operator's 45 answers go in transactions of 20. Real SDK against DynamoDB Local.

const ADMIN: Actor = { sub: "admin-chunks", groups: ["admin"], scopes: [] };
const GRID: Actor = { sub: "hazeco-grid", groups: [], scopes: ["sandbox/meter.HAZECO"] };
const COUNT = 130;
const realNow = clock.now;
const number = (i: number) => `PCC-BTC-2026-${String(900_000 + i).padStart(6, "0")}`;

beforeAll(async () => {
  const now = new Date().toISOString();
  const expiresAt = new Date(Date.now() + 300 * 86_400_000).toISOString();
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < COUNT; i++) {
    const applicationId = `chunkapp${i}`;
    const licence: LicenceRecord = {
      licenceNumber: number(i),
      applicationId,
      holderSub: `holder-${i}`,
      legalName: `Chunk Miner ${i} (Pvt) Ltd`,
      category: "BITCOIN_MINING",
      region: "HAZECO",
      approvedMw: 10,
      status: "ACTIVE",
      conditions: [],
      issuedAt: now,
      expiresAt,
      termMonths: 12,
      version: 1,
      updatedAt: now,
      statusHistory: [],
    };
    items.push((saveLicence(licence).item as { Put: { Item: Record<string, unknown> } }).Put.Item);
    // Only what the declaration reads of the application: the site is curtailable (one in ten is not).
    items.push({ ...keys.application(applicationId), id: applicationId, energy: { region: "HAZECO", curtailable: i % 10 !== 9 } });
  }
  // Set-up data, written raw: the test is about the declaration's transactions, not how licences come to be.
  for (let i = 0; i < items.length; i += 25) {
    await dynamo().send(new BatchWriteCommand({ RequestItems: { [tableName()]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
});

afterAll(() => {
  clock.now = realNow;
});

describe("a large region's curtailment", () => {
  let id = "";
  let targets: string[] = [];
  let endsAt = "";

  it("declares with every curtailable licence as a target, in two transactions of at most 100 items", async () => {
    const startsAt = new Date(Date.now() + 3600_000).toISOString();
    endsAt = new Date(Date.now() + 4 * 3600_000).toISOString();
    const { result, sent } = await dynamoRequestsOf(() => declareCurtailment({ region: "HAZECO", startsAt, endsAt, reductionPercent: 40, reason: "Hydro shortfall" }, ADMIN));
    const expected = Array.from({ length: COUNT }, (_, i) => i).filter((i) => i % 10 !== 9).map(number);
    expect(result.targets).toEqual(expected);
    expect(result.targetCount).toBe(expected.length);
    // 117 targets: 19 staged, then the event item + 98 targets + the audit event.
    expect(sent.filter((s) => s === "TransactWriteItems")).toHaveLength(2);
    id = result.curtailmentId;
    targets = result.targets;
    const view = await getCurtailmentFor(id, ADMIN);
    expect(view.targets.map((t) => t.licenceNumber)).toEqual(expected);
  });

  it("stores 45 answers in transactions of 20, each failure with its case", async () => {
    clock.now = () => new Date(Date.parse(endsAt) + 60_000);
    // limit = 10 MW x 60 % = 6 MW: even indexes comply, odd ones fail.
    const responses = targets.slice(0, 45).map((licenceNumber, i) => ({ licenceNumber, averageMw: i % 2 === 0 ? 6 : 6.001 }));
    const { result, sent } = await dynamoRequestsOf(() => respondCurtailment(id, { responses }, GRID));
    expect(sent.filter((s) => s === "TransactWriteItems")).toHaveLength(3);
    const byNumber = new Map(result.targets.map((t) => [t.licenceNumber, t]));
    responses.forEach((r, i) => expect(byNumber.get(r.licenceNumber)?.outcome).toBe(i % 2 === 0 ? "COMPLIED" : "FAILED"));
    expect(result.targets.filter((t) => t.outcome === "PENDING")).toHaveLength(targets.length - 45);
    const failed = result.targets.filter((t) => t.outcome === "FAILED");
    expect(failed).toHaveLength(22);
    for (const t of failed.slice(0, 3)) expect((await getCase(t.caseId!))?.kind).toBe("CURTAILMENT_FAILURE");

    // Sent again (a client retrying after a cut-off answer): nothing is written twice.
    const again = await dynamoRequestsOf(() => respondCurtailment(id, { responses }, GRID));
    expect(again.sent.filter((s) => s === "TransactWriteItems")).toHaveLength(0);
  });

  it("never shows targets staged for a declaration that did not commit", async () => {
    const t = (await getCurtailmentFor(id, ADMIN)).targets[0];
    const orphan = { curtailmentId: "00000000000000ff", licenceNumber: t.licenceNumber, legalName: t.legalName, holderSub: "holder-0", approvedMw: 10, region: "HAZECO" as const, startsAt: "2099-01-01T00:00:00.000Z", endsAt: "2099-01-02T00:00:00.000Z", reductionPercent: 10, reason: "never committed", outcome: "PENDING" as const, version: 1 };
    await stageTargets([orphan]);
    const listed = await listTargetsOfLicence(t.licenceNumber, 25);
    expect(listed.items.map((i) => i.event.curtailmentId)).toEqual([id]);
  });
});
