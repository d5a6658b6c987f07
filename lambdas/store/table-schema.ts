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

export interface TableIndex {
  readonly indexName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  /** "include": the keys and INDEX_ATTRIBUTES; "all": the whole item. */
  readonly projection: "include" | "all";
}

/**
 * Generic GSIs. What each holds is decided by the entity modules (see keys.ts). gsi4 is the sparse
 * index of audit events not yet sequenced: an event leaves it when the sequencer numbers it, so it
 * holds only the backlog, and it projects the whole (small) event so the sequencer reads a batch in
 * one Query per shard without touching the table.
 */
export const TABLE_INDEXES: readonly TableIndex[] = [
  { indexName: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk", projection: "include" },
  { indexName: "gsi2", partitionKey: "gsi2pk", sortKey: "gsi2sk", projection: "include" },
  { indexName: "gsi3", partitionKey: "gsi3pk", sortKey: "gsi3sk", projection: "include" },
  { indexName: "gsi4", partitionKey: "gsi4pk", sortKey: "gsi4sk", projection: "all" },
];

/** The pending-events index (see above). */
export const PENDING_INDEX = TABLE_INDEXES[3];

/** Items with this attribute (epoch seconds) are removed by DynamoDB TTL: idempotency records. */
export const TTL_ATTRIBUTE = "ttl";
