import { isEnergyCategory } from "../../../lambdas/schemas/common.ts";

export type StepId = "organisation" | "owners" | "energy" | "vasp" | "documents" | "review";

export interface Step {
  id: StepId;
  title: string;
}

/** The form's steps for a category: energy categories describe their site, VASPs their services. */
export function stepsFor(category: string): Step[] {
  return [
    { id: "organisation", title: "Organisation" },
    { id: "owners", title: "Beneficial owners" },
    isEnergyCategory(category) ? { id: "energy", title: "Energy request" } : { id: "vasp", title: "Virtual asset services" },
    { id: "documents", title: "Documents" },
    { id: "review", title: "Check and submit" },
  ];
}

/** Which step holds the field a path names (`energy.requestedMw` -> energy). */
export function stepOfPath(path: string): StepId {
  const head = path.split(".")[0];
  if (head === "beneficialOwners") return "owners";
  if (head === "organisation" || head === "energy" || head === "vasp" || head === "documents") return head;
  return "review";
}
