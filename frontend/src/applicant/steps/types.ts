import type { Application } from "../../../../lambdas/schemas/review.ts";

export interface StepProps {
  /** Null while the application is being created by its first step. */
  record: Application | null;
  /** Saves the section(s) as a draft (POST the first time, then PATCH with If-Match) and moves on. */
  save: (sections: Record<string, unknown>, category?: string) => Promise<void>;
  back?: string;
}
