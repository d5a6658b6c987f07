import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commit } from "../../lambdas/store/commit.ts";
import { tableName } from "../../lambdas/store/clients.ts";
import { handler } from "../../lambdas/jobs/audit-sequencer.ts";
import { verifyCheckpoint } from "../../lambdas/domain/checkpoint.ts";
import { readLogHead } from "../../lambdas/store/log-head.ts";
import { DEFAULT_LOG_ORIGIN } from "../../lambdas/env.ts";
import { expectWholeLog } from "../support/audit-log.ts";

// The sequencer's Lambda module as the schedule and the stream run it: the deployment's signer from
// the environment (here the local key file), the backlog drained, what is left reported.
process.env.AUDIT_KEY_FILE = join(mkdtempSync(join(tmpdir(), "job-key-")), "key.json");

describe("audit-sequencer job", () => {
  it("drains the backlog with the configured signer and reports nothing left pending", async () => {
    for (let i = 0; i < 12; i++) {
      await commit({ sub: "job-test", groups: ["admin"], scopes: [] }, async (now) => ({
        items: [{ item: { Put: { TableName: tableName(), Item: { pk: `JOBTEST#${i}`, sk: "T", at: now } } } }],
        event: { action: "test.job", entityType: "test", entityId: `job-${i % 3}`, data: { i } },
        result: null,
      }));
    }
    const stream = { Records: [{ eventName: "INSERT", dynamodb: { Keys: { pk: { S: "EVT#test#job-0" }, sk: { S: "000000000001" } } } }] };
    expect(await handler(stream, { getRemainingTimeInMillis: () => 30_000 })).toEqual({ sealed: 12, pendingEvents: 0, oldestPendingSeconds: 0 });
    // A sweep with nothing to do.
    expect(await handler({ "detail-type": "Scheduled Event" })).toEqual({ sealed: 0, pendingEvents: 0, oldestPendingSeconds: 0 });
    const events = await expectWholeLog();
    expect(events.filter((e) => e.entityId === "job-1").map((e) => e.data.i)).toEqual([1, 4, 7, 10]);
    const head = (await readLogHead())!;
    expect(verifyCheckpoint(head.note, head.vkey)).toMatchObject({ origin: DEFAULT_LOG_ORIGIN, treeSize: 12 });
  });
});
