import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { dynamo, tableName } from "./clients.ts";
import { keys } from "./keys.ts";
import type { TxItem } from "./commit.ts";
import { Conflict } from "../domain/errors.ts";
import { fmtMw } from "../domain/rounds.ts";
import { ownPeopleRefusal, type FirmRef } from "../domain/firm.ts";
import type { Actor } from "../domain/actor.ts";

// Two small per-firm items (layout in keys.ts), each bounded: one item per (company, account) and one
// per (line, company).
//   FIRM#<firm>/MEMBER#<sub>                 an account applied for this company (written with the application)
//   HOLD#<roundId>#<region>#<cat>#<firm>/HOLD heldKw: what the company's ACTIVE and SUSPENDED licences hold on
//                                            the line; moved only in the transaction that issues or ends one

/** Records, in the application's own commit, that this account applies for the company. Idempotent. */
export function recordMembership(firm: string, sub: string, now: string): TxItem {
  return {
    item: {
      Update: {
        TableName: tableName(),
        Key: keys.firmMember(firm, sub),
        UpdateExpression: "SET entity = :e, firm = :f, #sub = :s, firstAt = if_not_exists(firstAt, :now)",
        ExpressionAttributeNames: { "#sub": "sub" },
        ExpressionAttributeValues: { ":e": "firmMember", ":f": firm, ":s": sub, ":now": now },
      },
    },
  };
}

export async function isFirmMember(firm: string, sub: string): Promise<boolean> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.firmMember(firm, sub), ConsistentRead: true }));
  return Item !== undefined;
}

/**
 * THE rule for every reviewer action on a firm-owned record (applications, licences, and later returns
 * and cases): 403 for the firm's own people. Call it with the record as read inside the action's commit.
 */
export async function assertNotOwnFirm(actor: Actor, ref: FirmRef): Promise<void> {
  const refusal = ownPeopleRefusal(actor, ref, ref.firm !== undefined && actor.sub !== ref.holderSub && (await isFirmMember(ref.firm, actor.sub)));
  if (refusal) throw refusal;
}

export interface HoldingRef {
  roundId: string;
  region: string;
  category: string;
  firm: string;
}

/** The kW the company holds on the line now (consistent read; 0 when it holds nothing). */
export async function readHeldKw(ref: HoldingRef): Promise<number> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.holding(ref), ConsistentRead: true }));
  return Item ? Number(Item.heldKw) : 0;
}

/**
 * Adds a licence's kW to the company's holding on the line, conditioned so the holding never passes
 * `maxKw` (the line's per-applicant cap, or for an approval without four eyes the most it may hold and
 * still be below the threshold). Two concurrent approvals for one company cannot both pass: the loser's
 * condition fails, and `refuse` says what that means given the holding as it is now.
 */
export function addHolding(ref: HoldingRef, kw: number, maxKw: number, refuse: (heldKw: number) => Error | "retry"): TxItem {
  return {
    item: {
      Update: {
        TableName: tableName(),
        Key: keys.holding(ref),
        UpdateExpression: "SET entity = :e, roundId = :r, #region = :g, category = :c, firm = :f ADD heldKw :kw",
        ConditionExpression: "attribute_not_exists(heldKw) OR heldKw <= :room",
        ExpressionAttributeNames: { "#region": "region" },
        ExpressionAttributeValues: { ":e": "holding", ":r": ref.roundId, ":g": ref.region, ":c": ref.category, ":f": ref.firm, ":kw": kw, ":room": maxKw - kw },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      },
    },
    onConditionFailed: (current) => refuse(Number(current?.heldKw ?? 0)),
  };
}

/** Gives a licence's kW back from the company's holding (revoke, expire, surrender). */
export function releaseHolding(ref: HoldingRef, kw: number): TxItem {
  return {
    item: {
      Update: {
        TableName: tableName(),
        Key: keys.holding(ref),
        UpdateExpression: "SET heldKw = heldKw - :kw",
        ConditionExpression: "heldKw >= :kw",
        ExpressionAttributeValues: { ":kw": kw },
      },
    },
    onConditionFailed: () => new Conflict(`The company's holding on ${ref.region} / ${ref.category} is less than the ${fmtMw(kw)} MW to release.`),
  };
}
