import type { Group } from "../route-def.ts";
import { actionsOf, findRow, type WorkflowRow } from "./transitions.ts";
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
  | "not-own-firm" // a reviewer is none of the firm's own people (store/firms.ts: the submitter and every account of the company)
  | "second-reviewer" // the confirming reviewer differs from the first approver
  | "assignee"; // only the assigned reviewer decides (another takes the application over first)

/** "four-eyes" resolves when the change is made: APPROVED, or PENDING_SECOND_APPROVAL at/above the threshold. */
export type ApplicationRow = WorkflowRow<ApplicationStatus, ApplicationAction, Guard, ApplicationStatus | "four-eyes">;

const PRE_DECISION: ApplicationStatus[] = ["DRAFT", "SUBMITTED", "UNDER_REVIEW", "INFO_REQUESTED", "PENDING_SECOND_APPROVAL"];

export const APPLICATION_WORKFLOW: readonly ApplicationRow[] = [
  { from: "DRAFT", action: "submit", next: "SUBMITTED", roles: ["applicant"], guards: ["owner", "complete"], label: "Submit" },
  { from: "SUBMITTED", action: "assign", next: "UNDER_REVIEW", roles: ["reviewer"], guards: ["not-own-firm"], label: "Assign to me" },
  { from: "UNDER_REVIEW", action: "assign", next: "UNDER_REVIEW", roles: ["reviewer"], guards: ["not-own-firm"], label: "Take over" },
  { from: "UNDER_REVIEW", action: "request-info", next: "INFO_REQUESTED", roles: ["reviewer"], guards: ["not-own-firm"], label: "Request information" },
  { from: "INFO_REQUESTED", action: "respond", next: "UNDER_REVIEW", roles: ["applicant"], guards: ["owner"], label: "Respond" },
  { from: "UNDER_REVIEW", action: "approve", next: "four-eyes", roles: ["reviewer"], guards: ["not-own-firm", "assignee"], label: "Approve" },
  { from: "UNDER_REVIEW", action: "reject", next: "REJECTED", roles: ["reviewer"], guards: ["not-own-firm", "assignee"], label: "Reject" },
  { from: "PENDING_SECOND_APPROVAL", action: "confirm-approval", next: "APPROVED", roles: ["reviewer"], guards: ["not-own-firm", "second-reviewer"], label: "Confirm approval" },
  { from: "PENDING_SECOND_APPROVAL", action: "return", next: "UNDER_REVIEW", roles: ["reviewer"], guards: ["not-own-firm"], label: "Return for review" },
  ...PRE_DECISION.map((from) => ({ from, action: "withdraw" as const, next: "WITHDRAWN" as const, roles: ["applicant"] as const, guards: ["owner"] as const, label: "Withdraw" })),
];

export type LicenceAction = "suspend" | "reinstate" | "revoke" | "surrender" | "expire";

export type LicenceGuard =
  | "not-own-firm" // a reviewer is none of the licensee's own people
  | "holder" // only the licensee (anyone else: 404)
  | "history-room"; // the licence item still has room for another status change (400 KB items)

export interface LicenceRow extends WorkflowRow<LicenceStatus, LicenceAction, LicenceGuard> {
  /** MW go back to the allocation line (and the company's holding on it). */
  releasesMw: boolean;
}

export const LICENCE_WORKFLOW: readonly LicenceRow[] = [
  { from: "ACTIVE", action: "suspend", next: "SUSPENDED", roles: ["reviewer"], guards: ["not-own-firm", "history-room"], releasesMw: false, label: "Suspend" },
  { from: "SUSPENDED", action: "reinstate", next: "ACTIVE", roles: ["reviewer"], guards: ["not-own-firm", "history-room"], releasesMw: false, label: "Reinstate" },
  { from: "ACTIVE", action: "revoke", next: "REVOKED", roles: ["reviewer"], guards: ["not-own-firm"], releasesMw: true, label: "Revoke" },
  { from: "SUSPENDED", action: "revoke", next: "REVOKED", roles: ["reviewer"], guards: ["not-own-firm"], releasesMw: true, label: "Revoke" },
  { from: "ACTIVE", action: "surrender", next: "SURRENDERED", roles: ["applicant"], guards: ["holder"], releasesMw: true, label: "Surrender" },
  { from: "SUSPENDED", action: "surrender", next: "SURRENDERED", roles: ["applicant"], guards: ["holder"], releasesMw: true, label: "Surrender" },
  { from: "ACTIVE", action: "expire", next: "EXPIRED", roles: ["system"], guards: [], releasesMw: true, label: "Expire" },
  { from: "SUSPENDED", action: "expire", next: "EXPIRED", roles: ["system"], guards: [], releasesMw: true, label: "Expire" },
];

export function findTransition(status: ApplicationStatus, action: ApplicationAction): ApplicationRow | undefined {
  return findRow(APPLICATION_WORKFLOW, status, action);
}

export function findLicenceTransition(status: LicenceStatus, action: LicenceAction): LicenceRow | undefined {
  return findRow(LICENCE_WORKFLOW, status, action);
}

/** Actions a group may take from a state: what the UI shows. */
export function actionsFor(status: ApplicationStatus, group: Group): ApplicationAction[] {
  return actionsOf(APPLICATION_WORKFLOW, status, group);
}

export function licenceActionsFor(status: LicenceStatus, group: Group): LicenceAction[] {
  return actionsOf(LICENCE_WORKFLOW, status, group);
}
