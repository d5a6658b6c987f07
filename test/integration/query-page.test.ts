import { describe, expect, it } from "vitest";
import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { dynamo, tableName } from "../../lambdas/store/clients.ts";
import { listAllApplications } from "../../lambdas/store/applications.ts";

// Filtered lists fill their pages (DynamoDB applies Limit before the filter) and page without gaps or repeats.

async function putApplications(n: number) {
  const items = Array.from({ length: n }, (_, i) => {
    const id = `q${String(i).padStart(3, "0")}`;
    const updatedAt = `2026-05-01T00:00:${String(i % 60).padStart(2, "0")}.${String(i).padStart(3, "0")}Z`;
    return { pk: `APP#${id}`, sk: "APP", gsi3pk: "APPS", gsi3sk: `${updatedAt}#${id}`, id, updatedAt, status: "DRAFT", category: i % 4 === 0 ? "AI_DATA_CENTRE" : "BITCOIN_MINING" };
  });
  for (let i = 0; i < items.length; i += 25) {
    await dynamo().send(new BatchWriteCommand({ RequestItems: { [tableName()]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
}

describe("filtered list pages", () => {
  it("are filled up to the limit and page through every match exactly once", async () => {
    await putApplications(80); // 20 match the filter, spread one in four
    const first = await listAllApplications({ category: "AI_DATA_CENTRE" }, 6);
    expect(first.items).toHaveLength(6);
    expect(first.items.every((a) => a.category === "AI_DATA_CENTRE")).toBe(true);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listAllApplications({ category: "AI_DATA_CENTRE" }, 6, cursor);
      seen.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(20);
    expect(new Set(seen).size).toBe(20);
  });
});
