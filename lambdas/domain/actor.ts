import type { Group } from "../routes.ts";

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
