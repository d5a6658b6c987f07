import { useState } from "react";
import { api } from "../api/client.ts";
import { useConfig } from "../config-context.ts";
import { navigate, useLocation } from "../router.tsx";
import { Alert, usePageTitle } from "../ui/async.tsx";
import { describeError } from "../ui/errors.ts";
import { homeFor } from "./homes.ts";
import { PERSONAS, type Persona } from "./personas.ts";
import { beginCognitoSignIn } from "./pkce.ts";
import { sessionFromTokens, setSession } from "./session.ts";

/** A returnTo that stays on this site. */
export function safeReturnTo(value: string | null): string | null {
  return value && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/sign-in") ? value : null;
}

export function SignInPage() {
  usePageTitle("Sign in");
  const config = useConfig();
  const { query } = useLocation();
  const returnTo = safeReturnTo(query.get("returnTo"));
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const asPersona = async (persona: Persona) => {
    setBusy(persona.sub);
    setError(null);
    try {
      const { data } = await api.post<{ access_token: string }>(
        "/api/dev/token",
        { sub: persona.sub, groups: persona.groups, email: persona.email, name: persona.name },
        { idempotent: false },
      );
      const session = sessionFromTokens(data.access_token);
      setSession({ ...session, name: session.name ?? persona.name, email: session.email ?? persona.email });
      navigate(returnTo ?? homeFor(session), { replace: true });
    } catch (e) {
      setError(describeError(e));
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      {config.auth.kind === "cognito" ? (
        <>
          <p>You will be taken to the council's sign-in page and brought back here.</p>
          <button type="button" onClick={() => config.auth.kind === "cognito" && void beginCognitoSignIn(config.auth, returnTo ?? "/")}>
            Continue to sign-in
          </button>
        </>
      ) : (
        <>
          <p>
            This is the <strong>local development</strong> runtime: choose who you want to be. Each person always has the same identity, so
            their records are still there after a restart.
          </p>
          <ul className="personas">
            {PERSONAS.map((persona) => (
              <li key={persona.sub}>
                <button type="button" onClick={() => void asPersona(persona)} disabled={busy !== null} aria-describedby={`persona-${persona.sub}`}>
                  {persona.label}
                </button>
                <span className="hint" id={`persona-${persona.sub}`}>
                  {persona.groups.join(", ")} · {persona.sub}
                </span>
              </li>
            ))}
          </ul>
          {busy ? <p role="status">Signing in…</p> : null}
        </>
      )}
      {error ? <Alert title="Sign-in failed">{error}</Alert> : null}
    </section>
  );
}
