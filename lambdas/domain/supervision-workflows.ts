import type { CaseStatus, ReturnStatus } from "../schemas/supervision.ts";
import type { Workflow } from "./transitions.ts";

// The supervision state machines as data, run by the one transition engine.

// --- Periodic returns: a period with no filing yet is a virtual DUE (or LATE once past due). ---
export type ReturnAction = "file" | "accept" | "query" | "mark-late";
export type ReturnGuard = "licensee" | "period-ended" | "past-due" | "not-own-firm";

export const RETURN_WORKFLOW: Workflow<ReturnStatus, ReturnAction, ReturnGuard> = [
  { from: "DUE", action: "file", next: "FILED", roles: ["applicant"], guards: ["licensee", "period-ended"], label: "File" },
  { from: "LATE", action: "file", next: "FILED", roles: ["applicant"], guards: ["licensee", "period-ended"], label: "File late" },
  { from: "FILED", action: "file", next: "FILED", roles: ["applicant"], guards: ["licensee"], label: "File again" },
  { from: "QUERIED", action: "file", next: "FILED", roles: ["applicant"], guards: ["licensee"], label: "Answer the query" },
  { from: "FILED", action: "accept", next: "ACCEPTED", roles: ["reviewer"], guards: ["not-own-firm"], label: "Accept" },
  { from: "FILED", action: "query", next: "QUERIED", roles: ["reviewer"], guards: ["not-own-firm"], label: "Query" },
  { from: "DUE", action: "mark-late", next: "LATE", roles: ["system"], guards: ["past-due"], label: "Mark late" },
];

// --- Compliance cases: opened by what caused them (services/cases.ts openCase), then decided. ---
export type CaseAction = "resolve" | "escalate";
export type CaseGuard = "not-own-firm";

export const CASE_WORKFLOW: Workflow<CaseStatus, CaseAction, CaseGuard> = [
  { from: "OPEN", action: "resolve", next: "RESOLVED", roles: ["reviewer"], guards: ["not-own-firm"], label: "Resolve" },
  // The engine's effect suspends an ACTIVE licence in the same transaction.
  { from: "OPEN", action: "escalate", next: "ESCALATED", roles: ["reviewer"], guards: ["not-own-firm"], label: "Escalate" },
];

// --- Extension of the term: NONE until the first request; one pending at a time; none after an approval. ---
export type ExtensionState = "NONE" | "PENDING" | "APPROVED" | "REFUSED";
export type ExtensionAction = "request" | "approve" | "refuse";
export type ExtensionGuard = "licensee" | "licence-active" | "last-90-days" | "not-own-firm";

export const EXTENSION_WORKFLOW: Workflow<ExtensionState, ExtensionAction, ExtensionGuard> = [
  { from: "NONE", action: "request", next: "PENDING", roles: ["applicant"], guards: ["licensee", "licence-active", "last-90-days"], label: "Ask for an extension" },
  { from: "REFUSED", action: "request", next: "PENDING", roles: ["applicant"], guards: ["licensee", "licence-active", "last-90-days"], label: "Ask again" },
  { from: "PENDING", action: "approve", next: "APPROVED", roles: ["reviewer"], guards: ["not-own-firm", "licence-active"], label: "Approve the extension" },
  { from: "PENDING", action: "refuse", next: "REFUSED", roles: ["reviewer"], guards: ["not-own-firm"], label: "Refuse the extension" },
];

// --- Exit: the licensee's report, then a reviewer's outcome, which ends the licence. ---
export type ExitState = "NONE" | "REPORTED" | "DECIDED";
export type ExitAction = "report" | "decide";
export type ExitGuard = "licensee" | "licence-live" | "last-60-days-or-early" | "not-own-firm";

export const EXIT_WORKFLOW: Workflow<ExitState, ExitAction, ExitGuard> = [
  { from: "NONE", action: "report", next: "REPORTED", roles: ["applicant"], guards: ["licensee", "licence-live", "last-60-days-or-early"], label: "File the exit report" },
  { from: "REPORTED", action: "decide", next: "DECIDED", roles: ["reviewer"], guards: ["not-own-firm", "licence-live"], label: "Decide the outcome" },
];

export const EXTENSION_WINDOW_DAYS = 90;
export const EXIT_WINDOW_DAYS = 60;
export const INCIDENT_REPORT_HOURS = 72;
export const REPEAT_WINDOW_MONTHS = 12;

// --- Test plan milestones: each marked once by a reviewer, with a reason. ---
export type MilestoneAction = "MET" | "MISSED" | "WAIVED";
export const MILESTONE_WORKFLOW: Workflow<"PENDING" | MilestoneAction, MilestoneAction, "not-own-firm"> = [
  { from: "PENDING", action: "MET", next: "MET", roles: ["reviewer"], guards: ["not-own-firm"], label: "Met" },
  { from: "PENDING", action: "MISSED", next: "MISSED", roles: ["reviewer"], guards: ["not-own-firm"], label: "Missed" },
  { from: "PENDING", action: "WAIVED", next: "WAIVED", roles: ["reviewer"], guards: ["not-own-firm"], label: "Waived" },
];

// --- A curtailment's target: acknowledged by the licensee before the end, answered by the grid operator after it. ---
/** A target's state: its outcome once answered, else whether the licensee acknowledged. */
export type TargetState = "NOT_ACKNOWLEDGED" | "ACKNOWLEDGED" | "COMPLIED" | "FAILED";
export type TargetAction = "acknowledge" | "respond";
export type TargetGuard = "holder" | "before-end" | "after-end" | "own-region";

export const CURTAILMENT_TARGET_WORKFLOW: Workflow<TargetState, TargetAction, TargetGuard, TargetState | "outcome"> = [
  { from: "NOT_ACKNOWLEDGED", action: "acknowledge", next: "ACKNOWLEDGED", roles: ["applicant"], guards: ["holder", "before-end"], label: "Acknowledge" },
  // "outcome": COMPLIED when the average MW is within approved x (1 - reduction), else FAILED (a case opens).
  { from: "NOT_ACKNOWLEDGED", action: "respond", next: "outcome", roles: ["grid"], guards: ["own-region", "after-end"], label: "Answer" },
  { from: "ACKNOWLEDGED", action: "respond", next: "outcome", roles: ["grid"], guards: ["own-region", "after-end"], label: "Answer" },
];
