import type { z } from "zod";
import type { CaseView, ExtensionView, QueueItem, ReturnView, TestPlan } from "../../../lambdas/schemas/supervision.ts";

// The supervision answers, typed from the API's own response schemas.
export type Return = z.output<typeof ReturnView>;
export type Case = z.infer<typeof CaseView>;
export type Extension = z.infer<typeof ExtensionView>;
export type QueueEntry = z.infer<typeof QueueItem>;
export type Plan = z.infer<typeof TestPlan>;
