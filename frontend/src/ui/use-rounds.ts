import { api } from "../api/client.ts";
import type { RoundView as Round } from "../../../lambdas/schemas/allocations.ts";
import type { Page } from "../../../lambdas/schemas/common.ts";
import { useLoad } from "./async.tsx";
import { itemsOf } from "./paged.tsx";

/** Every allocation round; there are few, so one request holds them all. */
export function useRounds() {
  return useLoad(async (signal) => itemsOf((await api.get<Page<Round> | Round[]>("/api/allocations?limit=100", { signal })).data), []);
}
