import { withQuery } from "../api/client.ts";
import type { Licence } from "../../../lambdas/schemas/review.ts";
import { Link } from "../router.tsx";
import { StatusBadge, usePageTitle } from "../ui/async.tsx";
import { FilterBar, FilterSelect, useFilters } from "../ui/filters.tsx";
import { CATEGORY_LABELS, formatDate, formatMw, label, REGION_LABELS } from "../ui/format.ts";
import { CATEGORY_OPTIONS, LICENCE_STATUS_OPTIONS, REGION_OPTIONS } from "../ui/options.ts";
import { ListStatus, MoreButton, useApiPages } from "../ui/paged.tsx";
import { TableRegion } from "../ui/table.tsx";

export function RegisterPage() {
  usePageTitle("Public register");
  const { values: filters, bind } = useFilters({ category: "", region: "", status: "" });
  const list = useApiPages<Licence>("/api/register", filters);
  const filtered = !!(filters.category || filters.region || filters.status);
  return (
    <section aria-labelledby="register-title">
      <h1 id="register-title">Public register</h1>
      <p>Licensed participants of the regulatory sandbox. Personal data such as owners' ID numbers is never published.</p>
      <FilterBar label="Filter the register">
        <FilterSelect id="reg-category" label="Category" options={CATEGORY_OPTIONS} {...bind("category")} />
        <FilterSelect id="reg-region" label="Region" options={REGION_OPTIONS} {...bind("region")} />
        <FilterSelect id="reg-status" label="Status" options={LICENCE_STATUS_OPTIONS} {...bind("status")} />
      </FilterBar>
      <p>
        <a href={withQuery("/api/register", { ...filters, format: "csv" })} download="register.csv">
          Download the register as CSV{filtered ? " (with these filters)" : ""}
        </a>
        {" · "}
        <a href="/api/register/feed.atom" type="application/atom+xml">
          Follow register changes in a feed reader (Atom)
        </a>
      </p>
      <ListStatus
        list={list}
        loading="Loading the register"
        summary={list.items.length === 0 ? "No licences match." : `${list.items.length} licence${list.items.length === 1 ? "" : "s"} shown${list.hasMore ? ", more available" : ""}.`}
      />
      {list.items.length > 0 ? (
        <TableRegion label="Register table">
          <caption className="visually-hidden">Licensed participants</caption>
          <thead>
            <tr>
              <th scope="col">Licence</th>
              <th scope="col">Legal name</th>
              <th scope="col">Category</th>
              <th scope="col">Region</th>
              <th scope="col" className="num">
                Approved
              </th>
              <th scope="col">Status</th>
              <th scope="col">Issued</th>
              <th scope="col">Expires</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((l) => (
              <tr key={l.licenceNumber}>
                <th scope="row">
                  <Link to={`/register/${encodeURIComponent(l.licenceNumber)}`}>{l.licenceNumber}</Link>
                </th>
                <td>{l.legalName}</td>
                <td>{label(CATEGORY_LABELS, l.category)}</td>
                <td>{l.region ? label(REGION_LABELS, l.region) : "—"}</td>
                <td className="num">{formatMw(l.approvedMw)}</td>
                <td>
                  <StatusBadge status={l.status} />
                </td>
                <td>{formatDate(l.issuedAt)}</td>
                <td>{formatDate(l.expiresAt)}</td>
              </tr>
            ))}
          </tbody>
        </TableRegion>
      ) : null}
      <MoreButton list={list} what="more licences" />
    </section>
  );
}
