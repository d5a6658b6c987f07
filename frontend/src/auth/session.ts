// The signed-in identity, kept in sessionStorage (gone when the tab closes) and shared with React
// through a tiny external store.

export type Group = "applicant" | "reviewer" | "admin" | "auditor";
const GROUPS: readonly Group[] = ["applicant", "reviewer", "admin", "auditor"];
const KEY = "sandbox.session";

export interface Session {
  accessToken: string;
  idToken?: string;
  sub: string;
  groups: Group[];
  name?: string;
  email?: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** Decodes a JWT's payload without verifying it: the API verifies; the UI only reads who it is. */
export function decodeJwtPayload(token: string): Record<string, unknown> {
  const part = token.split(".")[1];
  if (!part) throw new Error("not a JWT");
  const base64 = part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "=");
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const payload: unknown = JSON.parse(new TextDecoder().decode(bytes));
  if (!payload || typeof payload !== "object") throw new Error("not a JWT payload");
  return payload as Record<string, unknown>;
}

export function sessionFromTokens(accessToken: string, idToken?: string): Session {
  const access = decodeJwtPayload(accessToken);
  const id = idToken ? decodeJwtPayload(idToken) : {};
  const rawGroups = access["cognito:groups"] ?? id["cognito:groups"] ?? access.groups ?? [];
  const groups = (Array.isArray(rawGroups) ? rawGroups : String(rawGroups).split(/[ ,]+/)).filter((g): g is Group =>
    GROUPS.includes(g as Group),
  );
  const text = (v: unknown) => (typeof v === "string" && v ? v : undefined);
  const exp = typeof access.exp === "number" ? access.exp * 1000 : Date.now() + 3600_000;
  return {
    accessToken,
    idToken,
    sub: String(access.sub ?? id.sub ?? ""),
    groups,
    name: text(id.name) ?? text(access.name),
    email: text(id.email) ?? text(access.email),
    expiresAt: exp,
  };
}

let current: Session | null | undefined;
const listeners = new Set<() => void>();

function read(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Session;
    return session.expiresAt > Date.now() ? session : null;
  } catch {
    return null;
  }
}

export function getSession(): Session | null {
  if (current === undefined) current = read();
  if (current && current.expiresAt <= Date.now()) current = null;
  return current;
}

export function setSession(session: Session | null): void {
  current = session;
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
  for (const listener of listeners) listener();
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function hasGroup(session: Session | null, group: Group): boolean {
  return !!session?.groups.includes(group);
}
