import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { batchGet, itemKeyText } from "./batch-get.ts";
import { dynamo, tableName } from "./clients.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { ValidationError } from "../domain/errors.ts";

// The one way lists are read: a Query on the table or one GSI, with optional equality filters, paged by
// an opaque cursor. Pages are filled up to `limit` where a few Queries can do it; clients page until
// `nextCursor` is null.

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const MAX_QUERIES_PER_PAGE = 10;

export type IndexName = "gsi1" | "gsi2" | "gsi3";

export interface ListQuery {
  index?: IndexName;
  /** The partition value (pk, or the index's partition attribute). */
  partition: string;
  /** Optional sort-key condition on the index's (or table's) sort attribute. */
  sort?: { between: [string, string] } | { atMost: string };
  /** attribute path (dotted for nested, e.g. energy.region) -> value; undefined values are skipped. */
  equals?: Record<string, string | undefined>;
  newestFirst?: boolean;
  /**
   * The index holds every attribute `map` reads (table-schema.ts INDEX_ATTRIBUTES): answer from the
   * index alone, without reading the records from the table.
   */
  projected?: boolean;
}

function keyNames(index?: IndexName): [string, string] {
  return index ? [`${index}pk`, `${index}sk`] : ["pk", "sk"];
}

/**
 * A cursor must be a start key of this very list; anything else would reach DynamoDB as an invalid
 * ExclusiveStartKey (a 500). Cursors are signed (cursor.ts), so this only ever meets our own keys; it
 * still refuses a signed key of another list (a 400 naming `cursor`), and empty key values.
 */
function startKey(query: ListQuery, cursor: string | undefined): Record<string, unknown> | undefined {
  const key = decodeCursor(cursor);
  if (!key) return undefined;
  const [pkName, skName] = keyNames(query.index);
  const expected = new Set(["pk", "sk", pkName, skName]);
  const fits = Object.keys(key).length === expected.size && [...expected].every((k) => typeof key[k] === "string" && key[k] !== "") && key[pkName] === query.partition;
  if (!fits) throw new ValidationError("The cursor is not valid.", [{ path: "cursor", message: "not a cursor from this list" }]);
  return key;
}

export async function queryPage<T>(query: ListQuery, limit: number, cursor: string | undefined, map: (item: Record<string, unknown>) => T): Promise<Page<T>> {
  const [pkName, skName] = keyNames(query.index);
  const names: Record<string, string> = { "#pk": pkName };
  const values: Record<string, unknown> = { ":pk": query.partition };
  let keyCondition = "#pk = :pk";
  if (query.sort) {
    names["#sk"] = skName;
    if ("between" in query.sort) {
      keyCondition += " AND #sk BETWEEN :from AND :to";
      [values[":from"], values[":to"]] = query.sort.between;
    } else {
      keyCondition += " AND #sk <= :to";
      values[":to"] = query.sort.atMost;
    }
  }
  const filters: string[] = [];
  Object.entries(query.equals ?? {}).forEach(([path, value], i) => {
    if (value === undefined) return;
    const segments = path.split(".").map((segment, j) => {
      names[`#f${i}_${j}`] = segment;
      return `#f${i}_${j}`;
    });
    filters.push(`${segments.join(".")} = :f${i}`);
    values[`:f${i}`] = value;
  });
  // Filters apply after DynamoDB's Limit, so one Query may come back short. Keep reading until the page is
  // full or the list ends, but never more than MAX_QUERIES_PER_PAGE Queries for one answer: a very selective
  // filter then answers a short page with a cursor rather than scanning the whole list in one request.
  const items: Record<string, unknown>[] = [];
  let start = startKey(query, cursor);
  for (let i = 0; i < MAX_QUERIES_PER_PAGE && items.length < limit; i++) {
    const out = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        ...(query.index ? { IndexName: query.index } : {}),
        KeyConditionExpression: keyCondition,
        ...(filters.length ? { FilterExpression: filters.join(" AND ") } : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: !query.newestFirst,
        Limit: limit - items.length,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
    if (!start) break;
  }
  const records = query.index && !query.projected ? await recordsOf(items) : items;
  return { items: records.map(map), nextCursor: encodeCursor(start) };
}

/**
 * Indexes hold keys and filter attributes only (table-schema.ts INDEX_ATTRIBUTES): the page's records
 * come from the table, up to 100 per BatchGetItem, in the index's order.
 */
async function recordsOf(indexItems: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
  const records = await batchGet(indexItems.map((item) => ({ pk: item.pk as string, sk: item.sk as string })));
  // A record is never deleted while indexed; should one be missing, the page simply omits it.
  return indexItems.map((item) => records.get(itemKeyText(item))).filter((r): r is Record<string, unknown> => r !== undefined);
}

/** Every item of one partition (a record and the items kept under it), paged past 1 MB. */
export async function queryPartition(pk: string, consistent: boolean): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({ TableName: tableName(), KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": pk }, ConsistentRead: consistent, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
