import type { Actor } from "../domain/actor.ts";
import { ValidationError } from "../domain/errors.ts";
import type { IncidentRecord } from "../domain/supervision.ts";
import { INCIDENT_REPORT_HOURS } from "../domain/supervision-workflows.ts";
import type { IncidentInput } from "../schemas/supervision.ts";
import { commit, type TxItem } from "../store/commit.ts";
import { putIncident } from "../store/supervision.ts";
import { openCase } from "./cases.ts";
import { asLicensee, readLicence } from "./supervision-access.ts";

// Incidents are reported within 72 hours of occurring; a later report is marked late. A HIGH one
// opens an INCIDENT case in the same transaction as the report.

const HOUR_MS = 60 * 60 * 1000;

export function isLateReport(occurredAt: string, reportedAt: string): boolean {
  return Date.parse(reportedAt) - Date.parse(occurredAt) > INCIDENT_REPORT_HOURS * HOUR_MS;
}

export async function reportIncident(licenceNumber: string, input: IncidentInput, actor: Actor) {
  const incidentId = globalThis.crypto.randomUUID().replace(/-/g, "");
  const { result } = await commit(actor, async (now) => {
    asLicensee(await readLicence(licenceNumber), actor);
    if (Date.parse(input.occurredAt) > Date.parse(now)) {
      throw new ValidationError("An incident cannot have occurred in the future.", [{ path: "occurredAt", message: "later than now" }]);
    }
    const occurredAt = new Date(input.occurredAt).toISOString();
    const late = isLateReport(occurredAt, now);
    const items: TxItem[] = [];
    let caseId: string | undefined;
    if (input.severity === "HIGH") {
      const opened = await openCase({ licenceNumber, kind: "INCIDENT", cause: { source: "incident", incidentId, kind: input.kind, severity: input.severity, occurredAt, late }, by: actor.sub, now });
      if (opened) {
        items.push(...opened.items);
        caseId = opened.opened.caseId;
      }
    }
    const incident: IncidentRecord = { ...input, occurredAt, incidentId, licenceNumber, reportedAt: now, late, ...(caseId ? { caseId } : {}) };
    items.unshift(putIncident(incident));
    return {
      items,
      event: { action: "incident.report", entityType: "incident", entityId: incidentId, data: { licenceNumber, kind: input.kind, severity: input.severity, occurredAt, late, ...(caseId ? { caseId } : {}) } },
      result: { incidentId, late, ...(caseId ? { caseId } : {}) },
    };
  });
  return result;
}
