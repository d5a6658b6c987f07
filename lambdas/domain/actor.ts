import { METER_SCOPE_PREFIX, type Group } from "../route-def.ts";
import { REGIONS, type Region } from "../schemas/common.ts";

/** Who is calling, from the verified JWT claims. `sub` is pseudonymous; no personal data is logged. */
export interface Actor {
  sub: string;
  groups: Group[];
  scopes: string[];
  email?: string;
  name?: string;
}

/** What an audit event records about the actor. */
export interface ActorRef {
  sub: string;
  groups: string[];
}

export const SYSTEM_ACTOR: Actor = { sub: "system", groups: [], scopes: [] };

export function actorRef(actor: Actor): ActorRef {
  return { sub: actor.sub, groups: [...actor.groups, ...actor.scopes.map((s) => `scope:${s}`)] };
}

/**
 * The grid regions whose meters this caller speaks for: one per `sandbox/meter.<REGION>` scope. A grid
 * operator reaches only its own region's licences; everyone else (people, auditors) has none.
 */
export function gridRegions(actor: Actor): Region[] {
  return actor.scopes
    .filter((s) => s.startsWith(METER_SCOPE_PREFIX))
    .map((s) => s.slice(METER_SCOPE_PREFIX.length))
    .filter((r): r is Region => (REGIONS as readonly string[]).includes(r));
}
