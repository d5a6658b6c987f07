// The single table's key schema, shared by the CDK stack and the local runtime so both build the same table.
export const TABLE_KEYS = { partitionKey: "pk", sortKey: "sk" } as const;

/** Generic GSIs. What each holds is decided by the entity modules (see keys.ts). */
export const TABLE_INDEXES = [
  { indexName: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
  { indexName: "gsi2", partitionKey: "gsi2pk", sortKey: "gsi2sk" },
  { indexName: "gsi3", partitionKey: "gsi3pk", sortKey: "gsi3sk" },
] as const;

/** Items with this attribute (epoch seconds) are removed by DynamoDB TTL: idempotency records. */
export const TTL_ATTRIBUTE = "ttl";
