import type { Group, Session } from "./session.ts";

export const HOME_FOR: Record<Group, { path: string; label: string }> = {
  applicant: { path: "/applications", label: "My applications" },
  reviewer: { path: "/review", label: "Review queue" },
  admin: { path: "/admin", label: "Allocation rounds" },
  auditor: { path: "/audit", label: "Audit" },
};

export function homeFor(session: Session | null): string {
  const group = session?.groups[0];
  return group ? HOME_FOR[group].path : "/";
}
