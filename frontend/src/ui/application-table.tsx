import type { Application } from "../../../lambdas/schemas/review.ts";
import { Link } from "../router.tsx";
import { StatusBadge } from "./async.tsx";
import { CATEGORY_LABELS, label } from "./format.ts";
import { TableRegion } from "./table.tsx";

/** The applicant's list and the auditors' list: one row per application, linking to its page. */
export function ApplicationTable(props: {
  label: string;
  items: readonly Application[];
  /** Where a row's name links to. */
  href: (id: string) => string;
  /** The name shown for an application that has no legal name yet. */
  unnamed: (application: Application) => string;
  updatedHeading: string;
  formatUpdated: (value: string) => string;
}) {
  return (
    <TableRegion label={props.label}>
      <thead>
        <tr>
          <th scope="col">Organisation</th>
          <th scope="col">Category</th>
          <th scope="col">Status</th>
          <th scope="col">{props.updatedHeading}</th>
          <th scope="col">Licence</th>
        </tr>
      </thead>
      <tbody>
        {props.items.map((a) => (
          <tr key={a.id}>
            <th scope="row">
              <Link to={props.href(a.id)}>{a.organisation?.legalName ?? props.unnamed(a)}</Link>
            </th>
            <td>{label(CATEGORY_LABELS, a.category)}</td>
            <td>
              <StatusBadge status={a.status} />
            </td>
            <td>{props.formatUpdated(a.updatedAt)}</td>
            <td>{a.licenceNumber ?? "—"}</td>
          </tr>
        ))}
      </tbody>
    </TableRegion>
  );
}
