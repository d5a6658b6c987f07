import { emit } from "./metrics.ts";

// The MW an operator watches, read off the audit events a commit() wrote, so no service has to count:
// - MwApproved: a final approval (`application.approve` or `application.confirm-approval`) whose event
//   names the issued licence and its approvedMw; a first approval under four eyes consumes nothing
//   and carries no licenceNumber.
// - MwReleased: every event that says it gave MW back (`releasedMw`): licence revoke, expire and
//   surrender, a variation down (`licence.vary`) and an exit decision (`exit.decide`).
// `region` is the dimension; the exit decision's event does not name it, so it counts as "unknown".

interface CommittedLike {
  action: string;
  data: Record<string, unknown>;
}

const positive = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value) && value > 0;
const regionOf = (data: Record<string, unknown>) => (typeof data.region === "string" && data.region !== "" ? data.region : "unknown");

export function countCommittedEvents(events: readonly CommittedLike[]): void {
  for (const { action, data } of events) {
    if (action.startsWith("application.") && typeof data.licenceNumber === "string" && positive(data.approvedMw)) {
      emit("mwApproved", data.approvedMw, { region: regionOf(data) });
    }
    if (positive(data.releasedMw)) emit("mwReleased", data.releasedMw, { region: regionOf(data) });
  }
}
