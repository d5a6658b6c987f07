import { AsyncLocalStorage } from "node:async_hooks";
import { DynamoDBClient, GetItemCommand, type AttributeValue, type ConsumedCapacity } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { createHandlerLoader, type LambdaHandler } from "../../local/handler-modules.ts";
import { dynamo } from "../../lambdas/store/clients.ts";
import { s3Client } from "../../lambdas/store/s3-client.ts";
import { env } from "../../lambdas/env.ts";
import { itemSize } from "./item-size.ts";

// Bench-process-only instrumentation of the handlers the dev gateway runs in this process:
// - every handler invocation runs inside an AsyncLocalStorage context (route id, duration, status),
// - an SDK middleware on the shared dynamo() client asks DynamoDB for ConsumedCapacity (INDEXES) on
//   every command and records it, with the sizes of the items read and written, into that context,
// - TransactionCanceledException is counted, which is how commit()'s conflict retries show up.
// Nothing here touches code outside bench/: the handlers' module instance of lambdas/store/clients.ts
// is the one imported here (same file URL), so adding middleware to its client is enough.

export interface ItemTouch {
  key: string;
  bytes: number;
}

export interface DdbCall {
  command: string;
  kind: "read" | "write";
  consistent: boolean;
  transactional: boolean;
  /** As DynamoDB returned it; undefined when it returned none. */
  consumed?: { total: number; table: number; indexes: number };
  /** Items (or, for a Query, one entry for the whole page) read. */
  reads: ItemTouch[];
  writes: ItemTouch[];
  /** How many items the request named (TransactItems, the batch's keys or requests; 1 otherwise). */
  requestItems: number;
  cancelled: boolean;
  error?: string;
}

export interface Invocation {
  routeId: string;
  ms: number;
  status?: number;
  calls: DdbCall[];
  /** S3 requests actually sent (presigning sends none), by command name. */
  s3: Record<string, number>;
  /** Time the bench itself spent inside the call reading item sizes; left out of `ms`. */
  benchMs: number;
}

const current = new AsyncLocalStorage<Invocation>();
const listeners = new Set<(invocation: Invocation) => void>();

export const counters = { transactWrites: 0, transactCancelled: 0 };

/** Calls `fn` with every finished handler invocation until the returned function is called. */
export function onInvocation(fn: (invocation: Invocation) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** The gateway's `loadHandler`: the real lambdas/http/<id>.ts modules, each call observed. */
export function instrumentedLoader(): (routeId: string) => Promise<LambdaHandler> {
  const load = createHandlerLoader("http");
  return async (routeId) => {
    const handler = await load(routeId);
    return (event, context) => {
      const invocation: Invocation = { routeId, ms: 0, calls: [], s3: {}, benchMs: 0 };
      const started = performance.now();
      return current.run(invocation, async () => {
        try {
          const result = (await handler(event, context)) as { statusCode?: number } | undefined;
          invocation.status = result?.statusCode;
          return result;
        } finally {
          invocation.ms = performance.now() - started - invocation.benchMs;
          for (const listener of listeners) listener(invocation);
        }
      });
    };
  };
}

const READS = new Set(["GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems"]);
const WRITES = new Set(["PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"]);

let sizing = false;
let raw: DynamoDBClient | undefined;

/**
 * Item sizes of writes need the item as stored after an Update: with sizing on, every write is
 * followed by a consistent GetItem per written key on a separate, unobserved client. Only for
 * sequential runs (the capacity benchmark), where nothing else changes the item in between.
 */
export function setSizing(on: boolean): void {
  sizing = on;
}

let countsOnly = false;

/**
 * With counts only on, handlers run as they would without the bench: no ReturnConsumedCapacity is
 * asked for and no item is sized; each call records its command, its request's item count and
 * whether it was cancelled. For the latency benchmark, whose clock would otherwise include the
 * bench's own bookkeeping (sizing a page of 25 items is a marshall of each).
 */
export function setCountsOnly(on: boolean): void {
  countsOnly = on;
}

function requestItemsOf(command: string, input: Record<string, any>): number {
  if (command === "TransactWriteItems" || command === "TransactGetItems") return (input.TransactItems ?? []).length;
  if (command === "BatchGetItem") return Object.values((input.RequestItems ?? {}) as Record<string, { Keys?: unknown[] }>).reduce((n, r) => n + (r.Keys?.length ?? 0), 0);
  if (command === "BatchWriteItem") return Object.values((input.RequestItems ?? {}) as Record<string, unknown[]>).reduce((n, r) => n + r.length, 0);
  return 1;
}

/** A call recorded without reading its items or its consumed capacity: what it was and how many items it named. */
function undescribed(command: string, input: Record<string, any>): DdbCall {
  return { command, kind: WRITES.has(command) ? "write" : "read", consistent: false, transactional: command.startsWith("Transact"), reads: [], writes: [], requestItems: requestItemsOf(command, input), cancelled: false };
}

let installed = false;
export function installDynamoInstrumentation(): void {
  if (installed) return;
  installed = true;
  const client = dynamo();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = (context.commandName ?? "").replace(/Command$/, "");
      if (countsOnly || (!READS.has(command) && !WRITES.has(command))) return next(args);
      return next({ ...args, input: { ...(args.input as object), ReturnConsumedCapacity: "INDEXES" } });
    },
    { step: "initialize", name: "benchReturnConsumedCapacity", priority: "high" },
  );
  // At the build step the input is already marshalled (AttributeValues), the output already unmarshalled.
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = (context.commandName ?? "").replace(/Command$/, "");
      const invocation = current.getStore();
      if (command === "TransactWriteItems") counters.transactWrites++;
      try {
        const result = await next(args);
        if (invocation && countsOnly) {
          invocation.calls.push(undescribed(command, args.input as Record<string, any>));
        } else if (invocation && (READS.has(command) || WRITES.has(command))) {
          const describing = performance.now();
          invocation.calls.push(await describe(command, args.input as Record<string, any>, result.output as Record<string, any>));
          invocation.benchMs += performance.now() - describing;
        }
        return result;
      } catch (error) {
        const name = (error as Error).name;
        if (name === "TransactionCanceledException") counters.transactCancelled++;
        if (invocation) {
          invocation.calls.push({ ...undescribed(command, args.input as Record<string, any>), cancelled: name === "TransactionCanceledException", error: name });
        }
        throw error;
      }
    },
    { step: "build", name: "benchObserveDynamo" },
  );
  // Deserialize is the innermost step: it runs once per HTTP request actually sent (retries
  // included), and never for a presigned URL, whose middleware stops the chain before it.
  s3Client().middlewareStack.add(
    (next, context) => async (args) => {
      const invocation = current.getStore();
      if (invocation) {
        const command = (context.commandName ?? "").replace(/Command$/, "");
        invocation.s3[command] = (invocation.s3[command] ?? 0) + 1;
      }
      return next(args);
    },
    { step: "deserialize", name: "benchCountS3" },
  );
}

function keyText(key: Record<string, AttributeValue>): string {
  return `${key.pk?.S ?? "?"}|${key.sk?.S ?? "?"}`;
}

const toAttributes = (item: Record<string, unknown>) =>
  marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: true }) as Record<string, AttributeValue>;

function sumConsumed(consumed: ConsumedCapacity | ConsumedCapacity[] | undefined): DdbCall["consumed"] {
  if (!consumed) return undefined;
  const list = Array.isArray(consumed) ? consumed : [consumed];
  if (list.length === 0) return undefined;
  let total = 0;
  let table = 0;
  let indexes = 0;
  for (const c of list) {
    total += c.CapacityUnits ?? 0;
    table += c.Table?.CapacityUnits ?? (c.GlobalSecondaryIndexes || c.LocalSecondaryIndexes ? 0 : (c.CapacityUnits ?? 0));
    for (const index of Object.values({ ...c.GlobalSecondaryIndexes, ...c.LocalSecondaryIndexes })) indexes += index.CapacityUnits ?? 0;
  }
  return { total, table, indexes };
}

async function storedSize(tableName: string, key: Record<string, AttributeValue>): Promise<number> {
  raw ??= new DynamoDBClient({
    region: env().region,
    endpoint: env().dynamoEndpoint,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const { Item } = await raw.send(new GetItemCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  return Item ? itemSize(Item) : 0;
}

async function describe(command: string, input: Record<string, any>, output: Record<string, any>): Promise<DdbCall> {
  const call: DdbCall = {
    command,
    kind: WRITES.has(command) ? "write" : "read",
    // BatchGetItem asks per table (RequestItems[table].ConsistentRead); every other read at the top.
    consistent: command === "BatchGetItem" ? Object.values((input.RequestItems ?? {}) as Record<string, { ConsistentRead?: boolean }>).every((r) => r.ConsistentRead === true) : input.ConsistentRead === true,
    transactional: command.startsWith("Transact"),
    consumed: sumConsumed(output.ConsumedCapacity),
    reads: [],
    writes: [],
    requestItems: requestItemsOf(command, input),
    cancelled: false,
  };
  switch (command) {
    case "GetItem":
      call.reads.push({ key: keyText(input.Key), bytes: output.Item ? itemSize(toAttributes(output.Item)) : 0 });
      break;
    case "Query":
    case "Scan": {
      // Query and Scan round the summed size of the page, not each item.
      const items = (output.Items ?? []) as Record<string, unknown>[];
      const bytes = items.reduce((n: number, item) => n + itemSize(toAttributes(item)), 0);
      call.reads.push({ key: `${command}:${input.IndexName ?? "table"}:${JSON.stringify(input.ExpressionAttributeValues ?? {})}:${input.ExclusiveStartKey ? "next" : "first"}`, bytes });
      break;
    }
    case "BatchGetItem":
      for (const items of Object.values((output.Responses ?? {}) as Record<string, Record<string, unknown>[]>)) {
        for (const item of items) {
          const attributes = toAttributes(item);
          call.reads.push({ key: keyText(attributes), bytes: itemSize(attributes) });
        }
      }
      break;
    case "PutItem":
      call.writes.push({ key: keyText(input.Item), bytes: itemSize(input.Item) });
      break;
    case "UpdateItem":
    case "DeleteItem":
      call.writes.push({ key: keyText(input.Key), bytes: sizing && command === "UpdateItem" ? await storedSize(input.TableName, input.Key) : 0 });
      break;
    case "BatchWriteItem":
      for (const requests of Object.values(input.RequestItems ?? {}) as any[][]) {
        for (const r of requests) {
          if (r.PutRequest) call.writes.push({ key: keyText(r.PutRequest.Item), bytes: itemSize(r.PutRequest.Item) });
          else call.writes.push({ key: keyText(r.DeleteRequest.Key), bytes: 0 });
        }
      }
      break;
    case "TransactWriteItems":
      for (const t of input.TransactItems ?? []) {
        if (t.Put) call.writes.push({ key: keyText(t.Put.Item), bytes: itemSize(t.Put.Item) });
        else if (t.Update) call.writes.push({ key: keyText(t.Update.Key), bytes: sizing ? await storedSize(t.Update.TableName, t.Update.Key) : 0 });
        else if (t.Delete) call.writes.push({ key: keyText(t.Delete.Key), bytes: 0 });
        else if (t.ConditionCheck) call.writes.push({ key: keyText(t.ConditionCheck.Key), bytes: sizing ? await storedSize(t.ConditionCheck.TableName, t.ConditionCheck.Key) : 0 });
      }
      break;
  }
  return call;
}

/** The operation's DynamoDB requests as a one-line summary, for the detail section of the report. */
export function summarise(calls: readonly DdbCall[]): string {
  return calls
    .map((c) => {
      const items = c.kind === "write" ? c.writes.length : c.reads.length;
      const units = c.consumed ? `${c.consumed.total}u${c.consumed.indexes ? ` (${c.consumed.indexes} idx)` : ""}` : "?u";
      return `${c.command}${c.consistent ? "(consistent)" : ""}${c.command.startsWith("Transact") || c.command.startsWith("Batch") ? `[${items}]` : ""} ${units}`;
    })
    .join(", ");
}

export function closeInstrumentation(): void {
  raw?.destroy();
  raw = undefined;
}
