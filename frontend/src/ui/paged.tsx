import { useCallback, useEffect, useRef, useState } from "react";
import { api, withQuery } from "../api/client.ts";
import type { Page } from "../../../lambdas/schemas/common.ts";
import { LoadError, Loading } from "./async.tsx";
import { describeError } from "./errors.ts";

// A cursor-paged list (`{ items, nextCursor }`): the first page on every change of `deps`, more on demand.

export interface PagedList<T> {
  items: T[];
  loading: boolean;
  error: unknown;
  hasMore: boolean;
  loadingMore: boolean;
  moreError: string | null;
  loadMore: () => void;
  reload: () => void;
}

export function usePaged<T>(fetchPage: (cursor: string | undefined, signal: AbortSignal) => Promise<Page<T>>, deps: readonly unknown[]): PagedList<T> {
  const [state, setState] = useState<{ items: T[]; nextCursor: string | null; loading: boolean; error?: unknown }>({
    items: [],
    nextCursor: null,
    loading: true,
  });
  const [more, setMore] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const [tick, setTick] = useState(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const generation = useRef(0);

  useEffect(() => {
    const controller = new AbortController();
    const mine = ++generation.current;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    setMore({ busy: false, error: null });
    fetchRef.current(undefined, controller.signal).then(
      (page) => mine === generation.current && setState({ items: page.items, nextCursor: page.nextCursor ?? null, loading: false }),
      (error) => mine === generation.current && !controller.signal.aborted && setState({ items: [], nextCursor: null, loading: false, error }),
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);

  const loadMore = useCallback(() => {
    const cursor = state.nextCursor;
    if (!cursor || more.busy) return;
    const mine = generation.current;
    setMore({ busy: true, error: null });
    fetchRef.current(cursor, new AbortController().signal).then(
      (page) => {
        if (mine !== generation.current) return;
        setState((s) => ({ ...s, items: [...s.items, ...page.items], nextCursor: page.nextCursor ?? null }));
        setMore({ busy: false, error: null });
      },
      (error) => mine === generation.current && setMore({ busy: false, error: describeError(error) }),
    );
  }, [state.nextCursor, more.busy]);

  return {
    items: state.items,
    loading: state.loading,
    error: state.error,
    hasMore: !!state.nextCursor,
    loadingMore: more.busy,
    moreError: more.error,
    loadMore,
    reload: useCallback(() => setTick((t) => t + 1), []),
  };
}

/** The pages of an API list, 50 at a time; a change of any query value starts again from the first page. */
export function useApiPages<T>(path: string, query: Record<string, string> = {}): PagedList<T> {
  return usePaged(
    async (cursor, signal) => (await api.get<Page<T>>(withQuery(path, { ...query, limit: 50, cursor }), { signal })).data,
    [path, ...Object.values(query)],
  );
}

/**
 * Loading (announced), failure with a retry, and either a line for an empty list or, when `summary` is given, an
 * announced summary of what the list holds.
 */
export function ListStatus({ list, loading, empty, summary }: { list: PagedList<unknown>; loading: string; empty?: string; summary?: string }) {
  const settled = !list.loading && !list.error;
  return (
    <>
      <div aria-live="polite">
        {list.loading ? <Loading what={loading} /> : null}
        {summary !== undefined && settled ? <p className="result-count">{summary}</p> : null}
      </div>
      {list.error ? <LoadError error={list.error} retry={list.reload} /> : null}
      {empty !== undefined && settled && list.items.length === 0 ? <p>{empty}</p> : null}
    </>
  );
}

export function MoreButton({ list, what = "more" }: { list: PagedList<unknown>; what?: string }) {
  return (
    <>
      {list.hasMore ? (
        <button type="button" className="secondary" onClick={list.loadMore} disabled={list.loadingMore}>
          {list.loadingMore ? "Loading…" : `Show ${what}`}
        </button>
      ) : null}
      {list.moreError ? <p role="alert">{list.moreError}</p> : null}
    </>
  );
}

/** Lists may arrive as `{ items }` or, for small fixed sets, as a bare array. */
export function itemsOf<T>(data: Page<T> | T[] | { items?: T[] }): T[] {
  return Array.isArray(data) ? data : (data.items ?? []);
}
