import type { Group } from "./session.ts";

// Local sign-in: fixed people backed by the dev issuer (POST /api/dev/token), so data survives restarts.
export interface Persona {
  sub: string;
  name: string;
  email: string;
  groups: Group[];
  label: string;
}

export const PERSONAS: readonly Persona[] = [
  { sub: "applicant-a", name: "Applicant A", email: "applicant-a@example.test", groups: ["applicant"], label: "Applicant A (a mining firm)" },
  { sub: "applicant-b", name: "Applicant B", email: "applicant-b@example.test", groups: ["applicant"], label: "Applicant B (another firm)" },
  { sub: "reviewer-1", name: "Reviewer 1", email: "reviewer-1@example.test", groups: ["reviewer"], label: "Reviewer 1" },
  { sub: "reviewer-2", name: "Reviewer 2", email: "reviewer-2@example.test", groups: ["reviewer"], label: "Reviewer 2 (second approvals)" },
  { sub: "admin", name: "Council admin", email: "admin@example.test", groups: ["admin"], label: "Admin" },
  { sub: "auditor", name: "Auditor", email: "auditor@example.test", groups: ["auditor"], label: "Auditor" },
];
