// The single table's key schema, shared by the CDK stack and the local runtime so both build the same table.
export const TABLE_KEYS = { partitionKey: "pk", sortKey: "sk" } as const;

/**
 * What every GSI copies besides the keys: the attributes lists filter on, and the public register's
 * fields. Lists read the page's keys from the index and the records themselves with one BatchGetItem
 * (store/query.ts), so a change to a record rewrites a few hundred bytes in each index instead of the
 * whole record (write units). The register is the exception: it is public and the most read list, so
 * gsi3 answers it alone, with no table read (store/licences.ts listRegisterEntries). Only licences
 * carry those fields at the top level (an application's licenceNumber aside), so applications' index
 * entries do not grow. `kind`, `period` and `queueKind` are the supervision lists' filters (cases by
 * kind, returns by period, the supervision queue by what needs a reviewer).
 */
export const INDEX_ATTRIBUTES = ["status", "category", "region", "energy", "licenceNumber", "legalName", "approvedMw", "issuedAt", "expiresAt", "conditions", "kind", "period", "queueKind"] as const;

/** Generic GSIs. What each holds is decided by the entity modules (see keys.ts). */
export const TABLE_INDEXES = [
  { indexName: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
  { indexName: "gsi2", partitionKey: "gsi2pk", sortKey: "gsi2sk" },
  { indexName: "gsi3", partitionKey: "gsi3pk", sortKey: "gsi3sk" },
] as const;

/** Items with this attribute (epoch seconds) are removed by DynamoDB TTL: idempotency records. */
export const TTL_ATTRIBUTE = "ttl";
