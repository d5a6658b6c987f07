// The single table's key schema, shared by the CDK stack and the local runtime so both build the same table.
export const TABLE_KEYS = { partitionKey: "pk", sortKey: "sk" } as const;

/**
 * What every GSI copies besides the keys: only the attributes lists filter on. Lists read the page's keys
 * from the index and the records themselves with one BatchGetItem (store/query.ts), so a change to a
 * record rewrites a few hundred bytes in each index instead of the whole record (write units).
 */
export const INDEX_ATTRIBUTES = ["status", "category", "region", "energy"] as const;

/** Generic GSIs. What each holds is decided by the entity modules (see keys.ts). */
export const TABLE_INDEXES = [
  { indexName: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
  { indexName: "gsi2", partitionKey: "gsi2pk", sortKey: "gsi2sk" },
  { indexName: "gsi3", partitionKey: "gsi3pk", sortKey: "gsi3sk" },
] as const;

/** Items with this attribute (epoch seconds) are removed by DynamoDB TTL: idempotency records. */
export const TTL_ATTRIBUTE = "ttl";
