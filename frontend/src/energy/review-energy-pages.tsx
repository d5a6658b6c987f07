import { CURTAILMENT_STATUSES } from "../../../lambdas/schemas/curtailment.ts";
import { enc } from "../api/client.ts";
import { Link } from "../router.tsx";
import { LoadError, Loading, StatusBadge, useApiGet, usePageTitle } from "../ui/async.tsx";
import { FilterBar, FilterSelect, useFilters } from "../ui/filters.tsx";
import { formatDateTime, formatNumber, humanize } from "../ui/format.ts";
import { REGION_OPTIONS } from "../ui/options.ts";
import { ListStatus, MoreButton, useApiPages } from "../ui/paged.tsx";
import { TableRegion } from "../ui/table.tsx";
import { TitledSection } from "../ui/titled-section.tsx";
import { EnergyTable } from "./energy-table.tsx";
import type { Curtailment, CurtailmentDetail, LicenceEnergy } from "./types.ts";

// The reviewer's energy views: a licence's utilisation month by month, and the curtailment events
// (list with filters, and one event with each target's acknowledgement, average MW and outcome).

const STATUS_OPTIONS = CURTAILMENT_STATUSES.map((s) => ({ value: s, label: humanize(s) }));

export function ReviewLicenceEnergyPage({ params }: { params: Record<string, string> }) {
  const n = params.licenceNumber;
  usePageTitle(`Utilisation of ${n}`);
  const energy = useApiGet<LicenceEnergy>(`/api/licences/${enc(n)}/energy`);
  return (
    <section aria-labelledby="util-title">
      <p>
        <Link to={`/review/licences/${enc(n)}`}>← Licence {n}</Link>
      </p>
      <h1 id="util-title">Utilisation of {n}</h1>
      <div aria-live="polite">{energy.loading ? <Loading what="Loading the licence's months" /> : null}</div>
      {energy.error ? <LoadError error={energy.error} retry={energy.reload} /> : null}
      {energy.data ? <EnergyTable label={`Utilisation of ${n} per month`} months={energy.data.items} /> : null}
    </section>
  );
}

export function CurtailmentsPage() {
  usePageTitle("Curtailments");
  const filters = useFilters({ region: "", status: "" });
  const list = useApiPages<Curtailment>("/api/curtailments", filters.values);
  return (
    <section aria-labelledby="curt-title">
      <h1 id="curt-title">Curtailments</h1>
      <FilterBar label="Filter curtailments">
        <FilterSelect id="curt-region" label="Region" options={REGION_OPTIONS} {...filters.bind("region")} />
        <FilterSelect id="curt-status" label="Status" options={STATUS_OPTIONS} {...filters.bind("status")} />
      </FilterBar>
      <ListStatus list={list} loading="Loading curtailments" empty="No curtailments match." />
      {list.items.length ? (
        <TableRegion label="Curtailments">
          <caption>Curtailments</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Region</th>
              <th scope="col" className="num">
                Reduction
              </th>
              <th scope="col" className="num">
                Targets
              </th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((c) => (
              <tr key={c.curtailmentId}>
                <th scope="row">
                  <Link to={`/review/curtailments/${enc(c.curtailmentId)}`}>
                    {formatDateTime(c.startsAt)} to {formatDateTime(c.endsAt)}
                  </Link>
                </th>
                <td>{c.region}</td>
                <td className="num">{c.reductionPercent} %</td>
                <td className="num">{c.targetCount}</td>
                <td>
                  <StatusBadge status={c.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </TableRegion>
      ) : null}
      <MoreButton list={list} what="more curtailments" />
    </section>
  );
}

export function CurtailmentPage({ params }: { params: Record<string, string> }) {
  const id = params.id;
  usePageTitle("Curtailment");
  const loaded = useApiGet<CurtailmentDetail>(`/api/curtailments/${enc(id)}`);
  const c = loaded.data;
  return (
    <section aria-labelledby="curtailment-title">
      <p>
        <Link to="/review/curtailments">← Curtailments</Link>
      </p>
      <h1 id="curtailment-title">{c ? `Curtailment in ${c.region}, ${formatDateTime(c.startsAt)}` : "Curtailment"}</h1>
      {loaded.loading && !c ? <Loading what="Loading the curtailment" /> : null}
      {loaded.error && !c ? <LoadError error={loaded.error} retry={loaded.reload} /> : null}
      {c ? (
        <>
          <dl className="stats">
            <div>
              <dt>Status</dt>
              <dd>
                <StatusBadge status={c.status} />
              </dd>
            </div>
            <div>
              <dt>From</dt>
              <dd>{formatDateTime(c.startsAt)}</dd>
            </div>
            <div>
              <dt>To</dt>
              <dd>{formatDateTime(c.endsAt)}</dd>
            </div>
            <div>
              <dt>Reduction</dt>
              <dd>{c.reductionPercent} %</dd>
            </div>
            <div>
              <dt>Declared</dt>
              <dd>{formatDateTime(c.declaredAt)}</dd>
            </div>
          </dl>
          <p>Reason: {c.reason}</p>
          <TitledSection id="curtailment-targets" title={`Targets (${c.targets.length})`}>
            {c.targets.length === 0 ? <p>No licence was targeted.</p> : null}
            {c.targets.length ? (
              <TableRegion label="Targets">
                <caption>Targeted licences</caption>
                <thead>
                  <tr>
                    <th scope="col">Licence</th>
                    <th scope="col">Licensee</th>
                    <th scope="col" className="num">
                      Approved MW
                    </th>
                    <th scope="col" className="num">
                      Limit MW
                    </th>
                    <th scope="col">Acknowledged</th>
                    <th scope="col" className="num">
                      Average MW
                    </th>
                    <th scope="col">Outcome</th>
                  </tr>
                </thead>
                <tbody>
                  {c.targets.map((t) => (
                    <tr key={t.licenceNumber}>
                      <th scope="row">
                        <Link to={`/review/licences/${enc(t.licenceNumber)}`}>{t.licenceNumber}</Link>
                      </th>
                      <td>{t.legalName}</td>
                      <td className="num">{formatNumber(t.approvedMw)}</td>
                      <td className="num">{formatNumber(t.limitMw)}</td>
                      <td>
                        {t.acknowledgedAt ? formatDateTime(t.acknowledgedAt) : "Not yet"}
                        {t.notAcknowledgedBeforeStart ? <p>Not acknowledged before the start</p> : null}
                      </td>
                      <td className="num">{formatNumber(t.averageMw)}</td>
                      <td>
                        <StatusBadge status={t.outcome} />
                        {t.caseId ? <p>Case {t.caseId}</p> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </TableRegion>
            ) : null}
          </TitledSection>
        </>
      ) : null}
    </section>
  );
}
