// Runtime configuration, fetched at start from /config.json: written by the deploy on AWS and
// answered by the local runtime, never baked into the bundle.

export type AuthConfig =
  | { kind: "dev" }
  | { kind: "cognito"; domain: string; clientId: string; redirectUri: string; scopes: string[] };

export interface AppConfig {
  auth: AuthConfig;
}

export function parseConfig(raw: unknown): AppConfig {
  const auth = (raw as { auth?: Record<string, unknown> } | null)?.auth;
  if (auth?.kind === "dev") return { auth: { kind: "dev" } };
  if (auth?.kind === "cognito") {
    const { domain, clientId, redirectUri, scopes } = auth;
    if (typeof domain === "string" && typeof clientId === "string" && typeof redirectUri === "string") {
      return {
        auth: {
          kind: "cognito",
          domain: /^https?:\/\//.test(domain) ? domain.replace(/\/+$/, "") : `https://${domain.replace(/\/+$/, "")}`,
          clientId,
          redirectUri,
          scopes: Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === "string") : ["openid", "email", "profile"],
        },
      };
    }
  }
  throw new Error("config.json does not describe a sign-in method");
}

export async function loadConfig(fetchImpl: typeof fetch = fetch): Promise<AppConfig> {
  const response = await fetchImpl("/config.json", { cache: "no-store", headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`config.json answered ${response.status}`);
  return parseConfig(await response.json());
}
