import type { ReactNode } from "react";
import type { Application } from "../../../lambdas/schemas/review.ts";
import { StatusBadge } from "./async.tsx";
import { CATEGORY_LABELS, formatMw, formatNumber, formatDate, label, REGION_LABELS, SERVICE_LABELS } from "./format.ts";

// The application's answers, read-only: the applicant's last check, and what reviewers and auditors read.

function Row({ term, value }: { term: string; value: React.ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{value === undefined || value === null || value === "" ? <span className="muted">not given</span> : value}</dd>
    </div>
  );
}

/** Under the page heading: the category and status of the application it names. */
export function ApplicationSubtitle({ record, children }: { record: Application; children?: ReactNode }) {
  return (
    <span className="subtitle">
      {label(CATEGORY_LABELS, record.category)} · <StatusBadge status={record.status} />
      {children}
    </span>
  );
}

export function ApplicationSummary({ record, headingLevel = 2 }: { record: Application; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? "h2" : "h3";
  const o = record.organisation ?? {};
  const e = record.energy;
  const v = record.vasp;
  const d = e?.details;
  return (
    <div className="application-summary">
      <H>Organisation</H>
      <dl className="summary-list">
        <Row term="Category" value={label(CATEGORY_LABELS, record.category)} />
        <Row term="Legal name" value={o.legalName} />
        <Row term="Registration number" value={o.registrationNumber} />
        <Row term="Tax number (NTN)" value={o.taxNumber} />
        <Row term="Registered address" value={o.address} />
        <Row term="Contact e-mail" value={o.contactEmail} />
      </dl>
      <H>Beneficial owners</H>
      {record.beneficialOwners?.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">ID number</th>
                <th scope="col" className="num">
                  Ownership
                </th>
              </tr>
            </thead>
            <tbody>
              {record.beneficialOwners.map((owner, i) => (
                <tr key={i}>
                  <td>{owner.name}</td>
                  <td>{owner.idNumber}</td>
                  <td className="num">{formatNumber(owner.ownershipPercent)} %</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">None given yet.</p>
      )}
      {record.category === "VIRTUAL_ASSET_SERVICE" ? (
        <>
          <H>Virtual asset services</H>
          <dl className="summary-list">
            <Row term="Services" value={v?.services?.map((s) => label(SERVICE_LABELS, s)).join(", ")} />
            <Row term="Paid-up capital" value={v?.paidUpCapitalUsd !== undefined ? `US$ ${formatNumber(v.paidUpCapitalUsd)}` : undefined} />
            <Row term="Compliance officer" value={v?.complianceOfficerEmail} />
          </dl>
        </>
      ) : (
        <>
          <H>Energy request</H>
          <dl className="summary-list">
            <Row term="Region" value={e?.region ? label(REGION_LABELS, e.region) : undefined} />
            <Row term="Requested" value={e?.requestedMw !== undefined ? formatMw(e.requestedMw) : undefined} />
            <Row term="Start date" value={e?.startDate ? formatDate(e.startDate) : undefined} />
            <Row term="Curtailable" value={e?.curtailable === undefined ? undefined : e.curtailable ? "Yes" : "No"} />
            {d?.machines?.length ? <Row term="Machines" value={d.machines.map((m) => `${m.count} × ${m.model} (${m.efficiencyJPerTh} J/TH)`).join("; ")} /> : null}
            {d?.expectedHashrateThs !== undefined ? <Row term="Expected hashrate" value={`${formatNumber(d.expectedHashrateThs)} TH/s`} /> : null}
            {d?.cooling ? <Row term="Cooling" value={d.cooling.toLowerCase()} /> : null}
            {d?.accelerators?.length ? <Row term="Accelerators" value={d.accelerators.map((a) => `${a.count} × ${a.model}`).join("; ")} /> : null}
            {d?.targetPue !== undefined ? <Row term="Target PUE" value={formatNumber(d.targetPue)} /> : null}
            {d?.tier ? <Row term="Tier" value={`Tier ${d.tier}`} /> : null}
          </dl>
        </>
      )}
    </div>
  );
}
