import { useState } from "react";
import { Link } from "../router.tsx";
import { Alert, LoadError, Loading, usePageTitle } from "../ui/async.tsx";
import { Flash } from "../ui/flash.tsx";
import { CATEGORY_LABELS, formatDate, formatNumber, label } from "../ui/format.ts";
import { TableRegion } from "../ui/table.tsx";
import { useRounds } from "../ui/use-rounds.ts";
import { AmendForm } from "./amend-form.tsx";
import type { WithAvailability } from "../energy/types.ts";

/** A flat profile (or none yet) in words, else the twelve factors. */
const describeProfile = (profile: number[] | undefined) => (!profile || profile.every((v) => v === 1) ? "all of it every month" : profile.map(formatNumber).join(", "));

export function RoundsPage() {
  usePageTitle("Allocation rounds");
  const rounds = useRounds();
  const [message, setMessage] = useState<string | null>(null);
  return (
    <section aria-labelledby="rounds-title">
      <h1 id="rounds-title">Allocation rounds</h1>
      <Flash />
      <div aria-live="polite">{message ? <Alert kind="success">{message}</Alert> : null}</div>
      <p>
        <Link to="/admin/rounds/new" className="button">
          Publish a new round
        </Link>
      </p>
      {rounds.loading && !rounds.data ? <Loading what="Loading rounds" /> : null}
      {rounds.error ? <LoadError error={rounds.error} retry={rounds.reload} /> : null}
      {rounds.data?.length === 0 ? <p>No round is published yet.</p> : null}
      {rounds.data?.map((round) => (
        <section key={round.roundId} aria-labelledby={`r-${round.roundId}`} className="panel">
          <h2 id={`r-${round.roundId}`}>{round.name}</h2>
          <p>
            {formatDate(round.effectiveFrom)} – {formatDate(round.effectiveTo)} · {formatNumber(round.tariffUsdCentsPerKwh)} US¢/kWh · <code>{round.roundId}</code>
          </p>
          <TableRegion label={`${round.name} lines`}>
            <thead>
              <tr>
                <th scope="col">Region</th>
                <th scope="col">Category</th>
                <th scope="col" className="num">
                  MW
                </th>
                <th scope="col" className="num">
                  Approved
                </th>
                <th scope="col" className="num">
                  Remaining
                </th>
                <th scope="col" className="num">
                  Min–max request
                </th>
                <th scope="col">Availability, Jan to Dec</th>
              </tr>
            </thead>
            <tbody>
              {round.lines.map((l) => (
                <tr key={`${l.region}/${l.category}`}>
                  <th scope="row">{l.region}</th>
                  <td>{label(CATEGORY_LABELS, l.category)}</td>
                  <td className="num">{formatNumber(l.mw)}</td>
                  <td className="num">{formatNumber(l.approvedMw)}</td>
                  <td className="num">{formatNumber(l.remainingMw)}</td>
                  <td className="num">
                    {formatNumber(l.minRequestMw)}–{formatNumber(l.maxPerApplicantMw)}
                  </td>
                  <td>{describeProfile((l as WithAvailability<typeof l>).monthlyAvailability)}</td>
                </tr>
              ))}
            </tbody>
          </TableRegion>
          <details className="action-panel">
            <summary>Amend a line of {round.name}</summary>
            <AmendForm
              round={round}
              onAmended={(updated) => {
                setMessage(`Amended ${updated.name}.`);
                // The amendment answers the round when it can; otherwise read them again.
                if (updated && Array.isArray(updated.lines) && rounds.data) rounds.setData(rounds.data.map((r) => (r.roundId === updated.roundId ? updated : r)));
                else rounds.reload();
              }}
            />
          </details>
        </section>
      ))}
    </section>
  );
}
