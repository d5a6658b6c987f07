import { BatchGetCommand } from "@aws-sdk/lib-dynamodb";
import { dynamo, tableName } from "./clients.ts";

// The one BatchGetItem loop: up to 100 keys a request, keys DynamoDB leaves unprocessed asked for
// again with jittered backoff, then given up on as throttling (the error middleware answers 503).

export interface ItemKey {
  pk: string;
  sk: string;
}

/** The map key of an item or key: `pk` and `sk`, which never contain NUL. */
export const itemKeyText = (key: { pk?: unknown; sk?: unknown }): string => `${key.pk}\u0000${key.sk}`;

const MAX_ATTEMPTS = 8;

/** Every item that exists among `keys` (distinct), by itemKeyText. */
export async function batchGet(keys: readonly ItemKey[], options: { consistent?: boolean } = {}): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Record<string, unknown>[] | undefined = keys.slice(i, i + 100).map(({ pk, sk }) => ({ pk, sk }));
    for (let attempt = 0; pending?.length; attempt++) {
      if (attempt >= MAX_ATTEMPTS) throw Object.assign(new Error("BatchGetItem left keys unprocessed"), { name: "ProvisionedThroughputExceededException" });
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
      const out = await dynamo().send(
        new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: pending, ...(options.consistent ? { ConsistentRead: true } : {}) } } }),
      );
      for (const item of out.Responses?.[tableName()] ?? []) found.set(itemKeyText(item), item);
      pending = out.UnprocessedKeys?.[tableName()]?.Keys as Record<string, unknown>[] | undefined;
    }
  }
  return found;
}
