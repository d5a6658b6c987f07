import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { dynamo, tableName } from "./clients.ts";
import { keys, stripKeys } from "./keys.ts";
import { putVersioned, type TxItem } from "./commit.ts";
import { queryPage, type Page } from "./query.ts";
import type { ExitRecord, ExtensionRecord, IncidentRecord, ReturnHistoryEntry, ReturnRecord } from "../domain/supervision.ts";

// Supervision records under their licence's partition (layout in keys.ts):
//   LIC#<n>/RET#<period>            a return; gsi3 RETURNS/<period>#<n>; gsi2 SUPQ/<filedAt>#... while FILED
//   LIC#<n>/RET#<period>#H#<0001>   one history entry of that return (each filing whole, each review)
//   LIC#<n>/INC#<reportedAt>#<id>   an incident
//   LIC#<n>/EXT                     the extension request; gsi2 SUPQ while PENDING
//   LIC#<n>/EXIT                    the exit report; gsi2 SUPQ while REPORTED
// gsi2 SUPQ is the reviewers' supervision queue (sparse, oldest first, `queueKind` says what it is).

export const SUPERVISION_QUEUE = "SUPQ";
const retry = () => "retry" as const;

function returnItem(r: ReturnRecord) {
  return {
    ...keys.licenceReturn(r.licenceNumber, r.period),
    gsi3pk: "RETURNS",
    gsi3sk: `${r.period}#${r.licenceNumber}`,
    ...(r.status === "FILED" ? { gsi2pk: SUPERVISION_QUEUE, gsi2sk: `${r.filedAt}#RET#${r.licenceNumber}#${r.period}`, queueKind: "RETURN" } : {}),
    entity: "return",
    ...r,
  };
}

const plain = <T>(item: Record<string, unknown>): T => {
  const { entity: _e, queueKind: _q, ...rest } = stripKeys(item);
  return rest as T;
};

export function saveReturn(r: ReturnRecord): TxItem {
  return putVersioned(returnItem(r), retry);
}

/** A history entry as its own item; its number comes from the return's count, conditioned with it. */
export function putReturnHistory(licenceNumber: string, period: string, n: number, entry: ReturnHistoryEntry): TxItem {
  return {
    item: { Put: { TableName: tableName(), Item: { ...keys.returnHistory(licenceNumber, period, n), entity: "returnHistory", licenceNumber, period, ...entry }, ConditionExpression: "attribute_not_exists(pk)" } },
    onConditionFailed: retry,
  };
}

export async function getReturn(licenceNumber: string, period: string): Promise<ReturnRecord | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.licenceReturn(licenceNumber, period), ConsistentRead: true }));
  return Item ? plain<ReturnRecord>(Item) : undefined;
}

/** Every return of a licence with its history (one partition range, read whole: bounded by the term). */
export async function readReturns(licenceNumber: string, period?: string): Promise<Map<string, { record: ReturnRecord; history: ReturnHistoryEntry[] }>> {
  const prefix = period ? `RET#${period}` : "RET#";
  const out = new Map<string, { record: ReturnRecord; history: ReturnHistoryEntry[] }>();
  const pendingHistory: { period: string; entry: ReturnHistoryEntry }[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: { ":pk": keys.licence(licenceNumber).pk, ":prefix": prefix },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      if (item.entity === "return") out.set(item.period as string, { record: plain<ReturnRecord>(item), history: [] });
      else if (item.entity === "returnHistory") {
        const { licenceNumber: _l, period: p, ...entry } = plain<ReturnHistoryEntry & { licenceNumber: string; period: string }>(item);
        pendingHistory.push({ period: p, entry });
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
  for (const { period: p, entry } of pendingHistory) out.get(p)?.history.push(entry);
  return out;
}

export interface ReturnFilters {
  licenceNumber?: string;
  period?: string;
  status?: string;
}

/** Auditors: every return, by period then licence. */
export function listAllReturns(filters: ReturnFilters, limit: number, cursor?: string): Promise<Page<ReturnRecord>> {
  return queryPage({ index: "gsi3", partition: "RETURNS", equals: { ...filters } }, limit, cursor, (item) => plain<ReturnRecord>(item));
}

export function putIncident(incident: IncidentRecord): TxItem {
  return {
    item: { Put: { TableName: tableName(), Item: { ...keys.incident(incident.licenceNumber, incident.reportedAt, incident.incidentId), entity: "incident", ...incident }, ConditionExpression: "attribute_not_exists(pk)" } },
  };
}

export async function getExtension(licenceNumber: string): Promise<ExtensionRecord | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.extension(licenceNumber), ConsistentRead: true }));
  return Item ? plain<ExtensionRecord>(Item) : undefined;
}

export function saveExtension(e: ExtensionRecord): TxItem {
  const queue = e.status === "PENDING" ? { gsi2pk: SUPERVISION_QUEUE, gsi2sk: `${e.requestedAt}#EXT#${e.licenceNumber}`, queueKind: "EXTENSION", status: e.status } : {};
  return putVersioned({ ...keys.extension(e.licenceNumber), entity: "extension", ...e, ...queue }, retry);
}

export async function getExit(licenceNumber: string): Promise<ExitRecord | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.exitReport(licenceNumber), ConsistentRead: true }));
  return Item ? plain<ExitRecord>(Item) : undefined;
}

export function saveExit(e: ExitRecord): TxItem {
  const queue = e.status === "REPORTED" ? { gsi2pk: SUPERVISION_QUEUE, gsi2sk: `${e.reportedAt}#EXIT#${e.licenceNumber}`, queueKind: "EXIT_REPORT" } : {};
  return putVersioned({ ...keys.exitReport(e.licenceNumber), entity: "exitReport", ...e, ...queue }, retry);
}

export interface QueueEntry {
  kind: "RETURN" | "CASE" | "EXTENSION" | "EXIT_REPORT";
  licenceNumber: string;
  since: string;
  status?: string;
  period?: string;
  caseId?: string;
  caseKind?: string;
  record: Record<string, unknown>;
}

const QUEUE_KINDS = ["RETURN", "CASE", "EXTENSION", "EXIT_REPORT"];

/** What needs a reviewer, oldest first; filters on the projected `queueKind` and `licenceNumber`. */
export function listSupervisionQueue(filters: { kind?: string; licenceNumber?: string }, limit: number, cursor?: string): Promise<Page<QueueEntry>> {
  // A case's own kind (LIMIT_BREACH, ...) narrows the queue to open cases of that kind.
  const byQueueKind = filters.kind === undefined || QUEUE_KINDS.includes(filters.kind);
  const equals = { queueKind: byQueueKind ? filters.kind : "CASE", kind: byQueueKind ? undefined : filters.kind, licenceNumber: filters.licenceNumber };
  return queryPage({ index: "gsi2", partition: SUPERVISION_QUEUE, equals }, limit, cursor, (item) => {
    const kind = item.queueKind as QueueEntry["kind"];
    const since = String(item.gsi2sk).split("#")[0];
    const { historyCount: _h, ...record } = plain<Record<string, unknown>>(item);
    return {
      kind,
      licenceNumber: item.licenceNumber as string,
      since,
      ...(typeof item.status === "string" ? { status: item.status } : {}),
      ...(kind === "RETURN" ? { period: item.period as string } : {}),
      ...(kind === "CASE" ? { caseId: item.caseId as string, caseKind: item.kind as string } : {}),
      record,
    };
  });
}


