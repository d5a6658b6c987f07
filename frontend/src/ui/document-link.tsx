import { useState } from "react";
import { api } from "../api/client.ts";
import { describeError } from "./errors.ts";

// Download links are short-lived and presigned, so they are fetched when asked for, not with the page.

export function DocumentLink({ endpoint, fileName }: { endpoint: string; fileName: string }) {
  const [state, setState] = useState<{ url?: string; expiresAt?: string; error?: string; busy?: boolean }>({});
  const fetchLink = async () => {
    setState({ busy: true });
    try {
      const { data } = await api.get<{ url: string; expiresAt?: string }>(endpoint);
      setState({ url: data.url, expiresAt: data.expiresAt });
    } catch (e) {
      setState({ error: describeError(e) });
    }
  };
  return (
    <span className="document-link" aria-live="polite">
      {state.url ? (
        <a href={state.url} target="_blank" rel="noopener noreferrer">
          Open {fileName}
          <span className="visually-hidden"> (opens in a new tab)</span>
        </a>
      ) : (
        <button type="button" className="secondary small" onClick={() => void fetchLink()} disabled={state.busy}>
          {state.busy ? "Preparing…" : "Get download link"}
          <span className="visually-hidden"> for {fileName}</span>
        </button>
      )}
      {state.error ? <span className="field-error"> {state.error}</span> : null}
    </span>
  );
}
