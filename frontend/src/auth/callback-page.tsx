import { useEffect, useRef, useState } from "react";
import { useConfig } from "../config-context.ts";
import { Link, navigate } from "../router.tsx";
import { Alert, Loading, usePageTitle } from "../ui/async.tsx";
import { completeCognitoSignIn } from "./pkce.ts";

export function CallbackPage() {
  usePageTitle("Signing in");
  const config = useConfig();
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);
  useEffect(() => {
    // The code is single-use: StrictMode's double effect must not spend it twice.
    if (started.current || config.auth.kind !== "cognito") return;
    started.current = true;
    completeCognitoSignIn(config.auth, window.location.search).then(
      ({ returnTo }) => navigate(returnTo, { replace: true }),
      (e: Error) => setError(e.message),
    );
  }, [config]);
  return (
    <section>
      <h1>Signing in</h1>
      {config.auth.kind !== "cognito" ? (
        <Alert>This site does not use an external sign-in service.</Alert>
      ) : error ? (
        <Alert title="Sign-in failed">
          <p>{error}</p>
          <p>
            <Link to="/sign-in">Sign in again</Link>
          </p>
        </Alert>
      ) : (
        <Loading what="Finishing sign-in" />
      )}
    </section>
  );
}
