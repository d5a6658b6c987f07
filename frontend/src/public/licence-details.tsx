import type { Licence } from "../../../lambdas/schemas/review.ts";
import { StatusBadge } from "../ui/async.tsx";
import { CATEGORY_LABELS, formatDate, formatMw, label, REGION_LABELS } from "../ui/format.ts";

export function LicenceDetails({ licence }: { licence: Licence }) {
  return (
    <>
      <dl className="summary-list">
        <div>
          <dt>Licence number</dt>
          <dd>{licence.licenceNumber}</dd>
        </div>
        <div>
          <dt>Licensee</dt>
          <dd>{licence.legalName}</dd>
        </div>
        <div>
          <dt>Category</dt>
          <dd>{label(CATEGORY_LABELS, licence.category)}</dd>
        </div>
        {licence.region ? (
          <div>
            <dt>Region</dt>
            <dd>{label(REGION_LABELS, licence.region)}</dd>
          </div>
        ) : null}
        {licence.approvedMw !== undefined ? (
          <div>
            <dt>Approved</dt>
            <dd>{formatMw(licence.approvedMw)}</dd>
          </div>
        ) : null}
        <div>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={licence.status} />
          </dd>
        </div>
        <div>
          <dt>Issued</dt>
          <dd>{formatDate(licence.issuedAt)}</dd>
        </div>
        <div>
          <dt>Expires</dt>
          <dd>{formatDate(licence.expiresAt)}</dd>
        </div>
      </dl>
      <h2>Conditions</h2>
      {licence.conditions && licence.conditions.length > 0 ? (
        <ol>
          {licence.conditions.map((c, i) => (
            <li key={i}>{c}</li>
          ))}
        </ol>
      ) : (
        <p>No special conditions.</p>
      )}
    </>
  );
}
