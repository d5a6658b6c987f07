import { useEffect, useState } from "react";
import { EligibilityRequest } from "../../../lambdas/schemas/allocations.ts";
import { api } from "../api/client.ts";
import type { EligibilityAnswer as Eligibility } from "../../../lambdas/schemas/allocations.ts";
import { describeError } from "../ui/errors.ts";
import { toNumber, toText } from "../ui/values.ts";

const DEBOUNCE_MS = 400;

/** Asks POST /api/eligibility once the request is complete and the user pauses typing. */
export function useEligibility(category: string, region: string, requestedMw: string, startDate: string) {
  const [state, setState] = useState<{ result: Eligibility | null; busy: boolean; error: string | null }>({ result: null, busy: false, error: null });
  useEffect(() => {
    const parsed = EligibilityRequest.safeParse({ category, region: toText(region), requestedMw: toNumber(requestedMw), startDate: toText(startDate) });
    if (!parsed.success) {
      setState({ result: null, busy: false, error: null });
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setState((s) => ({ ...s, busy: true, error: null }));
      api.post<Eligibility>("/api/eligibility", parsed.data, { idempotent: false, signal: controller.signal }).then(
        ({ data }) => setState({ result: data, busy: false, error: null }),
        (e) => !controller.signal.aborted && setState({ result: null, busy: false, error: describeError(e) }),
      );
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [category, region, requestedMw, startDate]);
  return state;
}
