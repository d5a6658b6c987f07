import { enc } from "../api/client.ts";
import type { Application } from "../../../lambdas/schemas/review.ts";
import { Link } from "../router.tsx";
import { ApplicationSubtitle, ApplicationSummary } from "../ui/application-summary.tsx";
import { LoadError, Loading, useApiGet, usePageTitle } from "../ui/async.tsx";
import { DocumentLink } from "../ui/document-link.tsx";
import { DOCUMENT_LABELS, formatDateTime, label } from "../ui/format.ts";
import { InfoRequests } from "../ui/info-requests.tsx";
import { TableRegion } from "../ui/table.tsx";
import { Timeline } from "../ui/timeline.tsx";
import { TitledSection } from "../ui/titled-section.tsx";

export function AuditApplicationPage({ params }: { params: Record<string, string> }) {
  const loaded = useApiGet<Application>(`/api/audit/applications/${enc(params.id)}`);
  const record = loaded.data;
  usePageTitle(`Audit: ${record?.organisation?.legalName ?? params.id}`);
  return (
    <section aria-labelledby="aa-title">
      <p>
        <Link to="/audit?view=applications">← Applications</Link>
      </p>
      <h1 id="aa-title">
        {record?.organisation?.legalName ?? params.id}
        {record ? <ApplicationSubtitle record={record} /> : null}
      </h1>
      {loaded.loading && !record ? <Loading what="Loading the application" /> : null}
      {loaded.error ? <LoadError error={loaded.error} retry={loaded.reload} /> : null}
      {record ? (
        <>
          <TitledSection id="aa-docs" title="Documents">
            {record.documents?.length ? (
              <TableRegion label="Documents">
                <thead>
                  <tr>
                    <th scope="col">Type</th>
                    <th scope="col">File</th>
                    <th scope="col" className="num">
                      Bytes
                    </th>
                    <th scope="col">SHA-256</th>
                    <th scope="col">Uploaded</th>
                    <th scope="col">Download</th>
                  </tr>
                </thead>
                <tbody>
                  {record.documents.map((d) => (
                    <tr key={d.documentId}>
                      <td>{label(DOCUMENT_LABELS, d.type)}</td>
                      <td>
                        {d.fileName} ({d.contentType}, {d.status.toLowerCase().replace(/_/g, " ")})
                      </td>
                      <td className="num">{d.sizeBytes}</td>
                      <td className="hash">{d.sha256}</td>
                      <td>{formatDateTime(d.uploadedAt)}</td>
                      <td>{d.status === "VERIFIED" ? <DocumentLink endpoint={`/api/audit/documents/${enc(d.documentId)}`} fileName={d.fileName} /> : "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </TableRegion>
            ) : (
              <p className="muted">No documents.</p>
            )}
          </TitledSection>
          <TitledSection id="aa-hist" title="Status history">
            <Timeline history={record.history} />
          </TitledSection>
          <TitledSection id="aa-ri" title="Information requests">
            <InfoRequests requests={record.infoRequests} />
          </TitledSection>
          <TitledSection id="aa-answers" title="The application">
            <ApplicationSummary record={record} headingLevel={3} />
          </TitledSection>
        </>
      ) : null}
    </section>
  );
}
