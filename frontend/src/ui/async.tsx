import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { api } from "../api/client.ts";
import { describeError } from "./errors.ts";

// Loading data for a page: one hook, one way to show "loading" and "failed".

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  setData: (data: T) => void;
}

export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true, error: undefined }));
    loadRef.current(controller.signal).then(
      (data) => !controller.signal.aborted && setState({ data, loading: false }),
      (error) => !controller.signal.aborted && setState({ error, loading: false }),
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const setData = useCallback((data: T) => setState({ data, loading: false }), []);
  return { data: state.data, error: state.error, loading: state.loading, reload, setData };
}

/** One API resource, loaded again whenever its path changes. */
export function useApiGet<T>(path: string): Loaded<T> {
  return useLoad(async (signal) => (await api.get<T>(path, { signal })).data, [path]);
}

export function Loading({ what = "Loading" }: { what?: string }) {
  return (
    <p className="loading" role="status">
      {what}…
    </p>
  );
}

export function Alert({ kind = "error", title, children }: { kind?: "error" | "success" | "info"; title?: string; children?: ReactNode }) {
  return (
    <div className={`alert alert-${kind}`} role={kind === "error" ? "alert" : "status"}>
      {title ? <p className="alert-title">{title}</p> : null}
      {children}
    </div>
  );
}

export function LoadError({ error, retry }: { error: unknown; retry?: () => void }) {
  return (
    <Alert title="Could not load this page">
      <p>{describeError(error)}</p>
      {retry ? (
        <button type="button" className="secondary" onClick={retry}>
          Try again
        </button>
      ) : null}
    </Alert>
  );
}

/** Sets the document title; the shell moves focus to the page heading on navigation. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Sandbox registry`;
  }, [title]);
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status.toLowerCase().replace(/_/g, "-")}`}>{status.replace(/_/g, " ").toLowerCase()}</span>;
}

/** Follows what it marks, after a space. */
export function OverdueBadge() {
  return (
    <>
      {" "}
      <span className="badge badge-overdue">overdue</span>
    </>
  );
}
