import type { Group } from "../routes.ts";
import type { ApplicationStatus } from "../schemas/application.ts";
import type { LicenceStatus } from "../schemas/review.ts";

// The workflow as data (after eGov DIGIT's business services): one row per (state, action). The API
// checks every action against this table, the reviewer UI shows only the actions it allows, and the
// README's workflow section is generated from the same rows. An action not in the table is a 409.

export type ApplicationAction =
  | "submit"
  | "assign"
  | "request-info"
  | "respond"
  | "approve"
  | "confirm-approval"
  | "return"
  | "reject"
  | "withdraw";

/** Why a row can refuse even when the state and role fit; evaluated by the domain with the record. */
export type Guard =
  | "owner" // the caller owns the application
  | "complete" // every required field and verified document is there
  | "not-submitter" // a reviewer never acts on an application they submitted
  | "second-reviewer" // the confirming reviewer differs from the first approver
  | "assignee"; // only the assigned reviewer decides (another takes the application over first)

export interface Transition<S extends string, A extends string> {
  from: S;
  action: A;
  /** Where it goes. "four-eyes" resolves at run time: APPROVED, or PENDING_SECOND_APPROVAL at/above the threshold. */
  to: S | "four-eyes";
  groups: readonly Group[];
  guards: readonly Guard[];
  label: string;
}

const PRE_DECISION: ApplicationStatus[] = ["DRAFT", "SUBMITTED", "UNDER_REVIEW", "INFO_REQUESTED", "PENDING_SECOND_APPROVAL"];

export const APPLICATION_WORKFLOW: readonly Transition<ApplicationStatus, ApplicationAction>[] = [
  { from: "DRAFT", action: "submit", to: "SUBMITTED", groups: ["applicant"], guards: ["owner", "complete"], label: "Submit" },
  { from: "SUBMITTED", action: "assign", to: "UNDER_REVIEW", groups: ["reviewer"], guards: ["not-submitter"], label: "Assign to me" },
  { from: "UNDER_REVIEW", action: "assign", to: "UNDER_REVIEW", groups: ["reviewer"], guards: ["not-submitter"], label: "Take over" },
  { from: "UNDER_REVIEW", action: "request-info", to: "INFO_REQUESTED", groups: ["reviewer"], guards: ["not-submitter"], label: "Request information" },
  { from: "INFO_REQUESTED", action: "respond", to: "UNDER_REVIEW", groups: ["applicant"], guards: ["owner"], label: "Respond" },
  { from: "UNDER_REVIEW", action: "approve", to: "four-eyes", groups: ["reviewer"], guards: ["not-submitter", "assignee"], label: "Approve" },
  { from: "UNDER_REVIEW", action: "reject", to: "REJECTED", groups: ["reviewer"], guards: ["not-submitter", "assignee"], label: "Reject" },
  { from: "PENDING_SECOND_APPROVAL", action: "confirm-approval", to: "APPROVED", groups: ["reviewer"], guards: ["not-submitter", "second-reviewer"], label: "Confirm approval" },
  { from: "PENDING_SECOND_APPROVAL", action: "return", to: "UNDER_REVIEW", groups: ["reviewer"], guards: ["not-submitter"], label: "Return for review" },
  ...PRE_DECISION.map((from) => ({ from, action: "withdraw" as const, to: "WITHDRAWN" as const, groups: ["applicant"] as const, guards: ["owner"] as const, label: "Withdraw" })),
];

export type LicenceAction = "suspend" | "reinstate" | "revoke" | "surrender" | "expire";

export interface LicenceTransition {
  from: LicenceStatus;
  action: LicenceAction;
  to: LicenceStatus;
  /** "system" is the scheduled expiry job. */
  groups: readonly (Group | "system")[];
  /** MW go back to the allocation line. */
  releasesMw: boolean;
  label: string;
}

export const LICENCE_WORKFLOW: readonly LicenceTransition[] = [
  { from: "ACTIVE", action: "suspend", to: "SUSPENDED", groups: ["reviewer"], releasesMw: false, label: "Suspend" },
  { from: "SUSPENDED", action: "reinstate", to: "ACTIVE", groups: ["reviewer"], releasesMw: false, label: "Reinstate" },
  { from: "ACTIVE", action: "revoke", to: "REVOKED", groups: ["reviewer"], releasesMw: true, label: "Revoke" },
  { from: "SUSPENDED", action: "revoke", to: "REVOKED", groups: ["reviewer"], releasesMw: true, label: "Revoke" },
  { from: "ACTIVE", action: "surrender", to: "SURRENDERED", groups: ["applicant"], releasesMw: true, label: "Surrender" },
  { from: "SUSPENDED", action: "surrender", to: "SURRENDERED", groups: ["applicant"], releasesMw: true, label: "Surrender" },
  { from: "ACTIVE", action: "expire", to: "EXPIRED", groups: ["system"], releasesMw: true, label: "Expire" },
  { from: "SUSPENDED", action: "expire", to: "EXPIRED", groups: ["system"], releasesMw: true, label: "Expire" },
];

export function findTransition(status: ApplicationStatus, action: ApplicationAction) {
  return APPLICATION_WORKFLOW.find((t) => t.from === status && t.action === action);
}

export function findLicenceTransition(status: LicenceStatus, action: LicenceAction) {
  return LICENCE_WORKFLOW.find((t) => t.from === status && t.action === action);
}

/** Actions a group may take from a state: what the UI shows. */
export function actionsFor(status: ApplicationStatus, group: Group): ApplicationAction[] {
  return APPLICATION_WORKFLOW.filter((t) => t.from === status && t.groups.includes(group)).map((t) => t.action);
}

export function licenceActionsFor(status: LicenceStatus, group: Group): LicenceAction[] {
  return LICENCE_WORKFLOW.filter((t) => t.from === status && t.groups.includes(group)).map((t) => t.action);
}
