import { emit } from "../observability/metrics.ts";
import { PROBLEM_BASE, problemResponse, toProblem } from "./problem.ts";
import type { RouteMiddleware } from "./request-state.ts";

/**
 * The ONE place an error becomes an answer: whatever any middleware or the handler throws is mapped by
 * toProblem() to RFC 9457 problem+json, and counted (Problems by type; ServerErrors for a 5xx). Used
 * last, so on the way out its onError runs first and every middleware after it (idempotency, the
 * request log, metrics) sees the problem answer rather than the error.
 */
export function problemJson(): RouteMiddleware {
  return {
    onError: (request) => {
      const problem = toProblem(request.error);
      emit("problems", 1, { type: problem.type.startsWith(PROBLEM_BASE) ? problem.type.slice(PROBLEM_BASE.length) : problem.type });
      if (problem.status >= 500) emit("serverErrors", 1);
      request.response = problemResponse(problem);
    },
  };
}
