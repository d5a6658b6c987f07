import type { AppConfig } from "../config.ts";
import { navigate } from "../router.tsx";
import { cognitoLogoutUrl } from "./pkce.ts";
import { setSession } from "./session.ts";

export function signOut(config: AppConfig): void {
  setSession(null);
  if (config.auth.kind === "cognito") window.location.assign(cognitoLogoutUrl(config.auth));
  else navigate("/");
}
