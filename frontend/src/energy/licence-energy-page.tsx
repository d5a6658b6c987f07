import { useState } from "react";
import { AckCurtailment } from "../../../lambdas/schemas/curtailment.ts";
import { api, enc } from "../api/client.ts";
import { Link } from "../router.tsx";
import { Alert, LoadError, Loading, StatusBadge, useApiGet, usePageTitle } from "../ui/async.tsx";
import { describeError } from "../ui/errors.ts";
import { formatDateTime, formatNumber } from "../ui/format.ts";
import { ListStatus, MoreButton, useApiPages } from "../ui/paged.tsx";
import { TableRegion } from "../ui/table.tsx";
import { TitledSection } from "../ui/titled-section.tsx";
import { EnergyTable } from "./energy-table.tsx";
import type { LicenceCurtailment, LicenceEnergy } from "./types.ts";

// The licensee's energy page for one licence: its months (allowed and peak MW, MWh, load factor, status)
// and the curtailment events that targeted it, each acknowledged here until it ends.

export function LicenceEnergyPage({ params }: { params: Record<string, string> }) {
  const n = params.licenceNumber;
  usePageTitle(`Energy use of ${n}`);
  const energy = useApiGet<LicenceEnergy>(`/api/licences/${enc(n)}/energy`);
  return (
    <section aria-labelledby="energy-title">
      <p>
        <Link to={`/licences/${enc(n)}`}>← My licence {n}</Link>
      </p>
      <h1 id="energy-title">Energy use of {n}</h1>
      <p>Allowed MW is the approved MW times the month's availability; the load factor is the MWh used over what the approved MW could draw all month.</p>
      <TitledSection id="energy-months" title="Months">
        <div aria-live="polite">{energy.loading ? <Loading what="Loading the licence's months" /> : null}</div>
        {energy.error ? <LoadError error={energy.error} retry={energy.reload} /> : null}
        {energy.data ? <EnergyTable label={`Energy use of ${n} per month`} months={energy.data.items} /> : null}
      </TitledSection>
      <LicenceCurtailments licenceNumber={n} />
    </section>
  );
}

function LicenceCurtailments({ licenceNumber }: { licenceNumber: string }) {
  const list = useApiPages<LicenceCurtailment>(`/api/licences/${enc(licenceNumber)}/curtailments`);
  const [acked, setAcked] = useState<Record<string, LicenceCurtailment>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const acknowledge = async (event: LicenceCurtailment) => {
    setBusy(event.curtailmentId);
    setOutcome(null);
    try {
      // The body names the licence: the firm may hold several of the event's targets.
      const body = AckCurtailment.parse({ licenceNumber });
      const { data } = await api.post<LicenceCurtailment>(`/api/curtailments/${enc(event.curtailmentId)}/ack`, body);
      setAcked((a) => ({ ...a, [event.curtailmentId]: data }));
      setOutcome({ kind: "success", text: `Curtailment of ${formatDateTime(event.startsAt)} acknowledged.` });
    } catch (error) {
      setOutcome({ kind: "error", text: describeError(error) });
    } finally {
      setBusy(null);
    }
  };
  const events = list.items.map((e) => acked[e.curtailmentId] ?? e);
  return (
    <TitledSection id="energy-curtailments" title="Curtailments">
      <div aria-live="polite">{outcome ? <Alert kind={outcome.kind}>{outcome.text}</Alert> : null}</div>
      <ListStatus list={list} loading="Loading curtailments" empty="No curtailment has targeted this licence." />
      {events.length > 0 ? (
        <TableRegion label={`Curtailments of ${licenceNumber}`}>
          <caption>Curtailments of {licenceNumber}</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col" className="num">
                Reduction
              </th>
              <th scope="col" className="num">
                Limit MW
              </th>
              <th scope="col">Status</th>
              <th scope="col">Acknowledged</th>
              <th scope="col" className="num">
                Average MW
              </th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.curtailmentId}>
                <th scope="row">
                  {formatDateTime(e.startsAt)} to {formatDateTime(e.endsAt)}
                  <p className="hint">{e.reason}</p>
                </th>
                <td className="num">{e.reductionPercent} %</td>
                <td className="num">{formatNumber(e.limitMw)}</td>
                <td>
                  <StatusBadge status={e.status} />
                </td>
                <td>
                  {e.acknowledgedAt ? formatDateTime(e.acknowledgedAt) : null}
                  {e.notAcknowledgedBeforeStart ? <p>Not acknowledged before the start</p> : null}
                  {!e.acknowledgedAt && e.status !== "ENDED" ? (
                    <button type="button" onClick={() => void acknowledge(e)} disabled={busy === e.curtailmentId}>
                      {busy === e.curtailmentId ? "Acknowledging…" : "Acknowledge"}
                      <span className="visually-hidden"> the curtailment of {formatDateTime(e.startsAt)}</span>
                    </button>
                  ) : null}
                  {!e.acknowledgedAt && e.status === "ENDED" ? "Never" : null}
                </td>
                <td className="num">{formatNumber(e.averageMw)}</td>
                <td>
                  <StatusBadge status={e.outcome} />
                </td>
              </tr>
            ))}
          </tbody>
        </TableRegion>
      ) : null}
      <MoreButton list={list} what="more curtailments" />
    </TitledSection>
  );
}
