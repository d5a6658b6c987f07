import type { Actor } from "./actor.ts";
import { Forbidden } from "./errors.ts";

// "The firm": the company an application or licence belongs to, known by its SECP registration
// number whichever account applied, and the accounts that act for it. A reviewer who is one of the
// firm's own people never acts as reviewer on the firm's records (docs/product.md "Workflow"); the MW a
// firm may hold on a line, and the four-eyes threshold, count what the company holds, not one account.

/**
 * The registration number as a key: case, spaces and the usual separators do not make another
 * company ("0123456", "0123 456" and "0123-456" are one), so formatting cannot dodge the per-firm rules.
 */
export function firmKey(registrationNumber: string | undefined): string | undefined {
  if (registrationNumber === undefined) return undefined;
  const key = registrationNumber.normalize("NFKC").toUpperCase().replace(/[\s\-_./\\]+/g, "");
  return key === "" ? undefined : key;
}

/** A firm-owned record as the guard sees it: the account that applied, and the company if known. */
export interface FirmRef {
  /** The account that applied (the application's owner, the licence's holder). */
  holderSub: string;
  /** The company's registration number as firmKey() made it; undefined while a draft has none. */
  firm?: string;
}

/**
 * The firm's own people are the account that applied for this record and every account that ever
 * applied (any application, any state) for the same registration number. `isMember` answers the
 * second half (the store's membership items).
 */
export function ownPeopleRefusal(actor: Pick<Actor, "sub">, ref: FirmRef, isMember: boolean): Forbidden | undefined {
  if (actor.sub === ref.holderSub) return new Forbidden("You cannot act as reviewer on your own firm's application or licence.");
  if (isMember) return new Forbidden("You have applied for this company, so you cannot act as reviewer on its applications or licences.");
  return undefined;
}
