import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { dynamo, tableName } from "./clients.ts";
import { keys, stripKeys } from "./keys.ts";
import { putVersioned, type TxItem } from "./commit.ts";
import { queryPage, type Page } from "./query.ts";
import { SUPERVISION_QUEUE } from "./supervision.ts";
import type { CaseRecord } from "../domain/supervision.ts";

// Compliance cases (layout in keys.ts): CASE#<id>/CASE, listed per licence on gsi1, on the supervision
// queue (gsi2) while OPEN, and all together on gsi3 for reviewers and auditors. A marker per licence
// and kind (LIC#<n>/CASEKIND#<kind>) holds the last opening, so `repeat` is decided by one writer at a time.

const retry = () => "retry" as const;

function toItem(c: CaseRecord) {
  return {
    ...keys.complianceCase(c.caseId),
    gsi1pk: `LICCASES#${c.licenceNumber}`,
    gsi1sk: `${c.openedAt}#${c.caseId}`,
    ...(c.status === "OPEN" ? { gsi2pk: SUPERVISION_QUEUE, gsi2sk: `${c.openedAt}#CASE#${c.caseId}`, queueKind: "CASE" } : {}),
    gsi3pk: "CASES",
    gsi3sk: `${c.openedAt}#${c.caseId}`,
    entity: "case",
    ...c,
  };
}

function fromItem(item: Record<string, unknown>): CaseRecord {
  const { entity: _e, queueKind: _q, ...rest } = stripKeys(item);
  return rest as unknown as CaseRecord;
}

export async function getCase(caseId: string): Promise<CaseRecord | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.complianceCase(caseId), ConsistentRead: true }));
  return Item ? fromItem(Item) : undefined;
}

export function saveCase(c: CaseRecord): TxItem {
  return putVersioned(toItem(c), retry);
}

export interface CaseMarker {
  lastOpenedAt: string;
  version: number;
}

export async function getCaseMarker(licenceNumber: string, kind: string): Promise<CaseMarker | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.caseMarker(licenceNumber, kind), ConsistentRead: true }));
  return Item ? { lastOpenedAt: Item.lastOpenedAt as string, version: Item.version as number } : undefined;
}

export function saveCaseMarker(licenceNumber: string, kind: string, lastOpenedAt: string, version: number): TxItem {
  return putVersioned({ ...keys.caseMarker(licenceNumber, kind), entity: "caseMarker", licenceNumber, kind, lastOpenedAt, version }, retry);
}

export interface CaseFilters {
  licenceNumber?: string;
  kind?: string;
  status?: string;
}

/** Oldest first; one licence's cases from gsi1, everyone's from gsi3 (kind and status are projected). */
export function listCases(filters: CaseFilters, limit: number, cursor?: string): Promise<Page<CaseRecord>> {
  const equals = { kind: filters.kind, status: filters.status };
  return filters.licenceNumber
    ? queryPage({ index: "gsi1", partition: `LICCASES#${filters.licenceNumber}`, equals }, limit, cursor, fromItem)
    : queryPage({ index: "gsi3", partition: "CASES", equals }, limit, cursor, fromItem);
}
