import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Hash } from "../domain/merkle.ts";
import { dynamo, tableName } from "./clients.ts";
import { keys } from "./keys.ts";

// The log head: the tree's size, root and frontier (the perfect subtrees it is made of, all the
// sequencer needs to append), and the checkpoint signed for exactly that size and root. Only the
// sequencer writes it, in the same transaction that numbers a batch, conditioned on the size it read:
// so the head, the tiles and the events' seqs never disagree, and the latest checkpoint is the head.

export interface LogHead {
  size: number;
  root: Hash;
  frontier: Hash[];
  /** When the checkpoint was signed. */
  at: string;
  /** The signed note (C2SP signed-note carrying a tlog-checkpoint). */
  note: string;
  origin: string;
  keyName: string;
  vkey: string;
}

export function toLogHead(item: Record<string, unknown>): LogHead {
  return {
    size: item.treeSize as number,
    root: Buffer.from(item.root as Uint8Array),
    frontier: ((item.frontier as Uint8Array[] | undefined) ?? []).map((h) => Buffer.from(h)),
    at: item.at as string,
    note: item.note as string,
    origin: item.origin as string,
    keyName: item.keyName as string,
    vkey: item.vkey as string,
  };
}

export function logHeadItem(head: LogHead): Record<string, unknown> {
  const { size, ...rest } = head;
  // `size` is a DynamoDB reserved word: stored as treeSize.
  return { ...keys.logHead(), entity: "logHead", treeSize: size, ...rest };
}

/** The head, strongly consistent; undefined until the sequencer first ran. */
export async function readLogHead(): Promise<LogHead | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.logHead(), ConsistentRead: true }));
  return Item ? toLogHead(Item) : undefined;
}
