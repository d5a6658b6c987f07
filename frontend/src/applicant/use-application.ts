import { useCallback } from "react";
import { api, enc } from "../api/client.ts";
import type { Application } from "../../../lambdas/schemas/review.ts";
import { useLoad } from "../ui/async.tsx";

export interface Versioned {
  record: Application;
  etag: string | null;
}

/** The applicant's record with the ETag the next PATCH must send as If-Match. */
export function useApplication(id: string) {
  const loaded = useLoad(async (signal) => {
    const { data, etag } = await api.get<Application>(`/api/applications/${enc(id)}`, { signal });
    return { record: data, etag } as Versioned;
  }, [id]);
  const { setData } = loaded;
  const update = useCallback((record: Application, etag: string | null) => setData({ record, etag }), [setData]);
  return { ...loaded, update };
}

export const ifMatchOf = (v: Versioned) => v.etag ?? `"${v.record.version}"`;
