import { api, enc } from "../api/client.ts";
import type { Application } from "../api/types.ts";
import { Link } from "../router.tsx";
import { ApplicationSummary } from "../ui/application-summary.tsx";
import { LoadError, Loading, StatusBadge, useLoad, usePageTitle } from "../ui/async.tsx";
import { DocumentLink } from "../ui/document-link.tsx";
import { CATEGORY_LABELS, DOCUMENT_LABELS, formatDateTime, label } from "../ui/format.ts";
import { InfoRequests } from "../ui/info-requests.tsx";
import { Timeline } from "../ui/timeline.tsx";

export function AuditApplicationPage({ params }: { params: Record<string, string> }) {
  const loaded = useLoad(async (signal) => (await api.get<Application>(`/api/audit/applications/${enc(params.id)}`, { signal })).data, [params.id]);
  const record = loaded.data;
  usePageTitle(`Audit: ${record?.organisation?.legalName ?? params.id}`);
  return (
    <section aria-labelledby="aa-title">
      <p>
        <Link to="/audit?view=applications">← Applications</Link>
      </p>
      <h1 id="aa-title">
        {record?.organisation?.legalName ?? params.id}
        {record ? (
          <span className="subtitle">
            {label(CATEGORY_LABELS, record.category)} · <StatusBadge status={record.status} />
          </span>
        ) : null}
      </h1>
      {loaded.loading && !record ? <Loading what="Loading the application" /> : null}
      {loaded.error ? <LoadError error={loaded.error} retry={loaded.reload} /> : null}
      {record ? (
        <>
          <section aria-labelledby="aa-docs">
            <h2 id="aa-docs">Documents</h2>
            {record.documents?.length ? (
              <div className="table-wrap" tabIndex={0} role="region" aria-label="Documents">
                <table>
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
                </table>
              </div>
            ) : (
              <p className="muted">No documents.</p>
            )}
          </section>
          <section aria-labelledby="aa-hist">
            <h2 id="aa-hist">Status history</h2>
            <Timeline history={record.history} />
          </section>
          <section aria-labelledby="aa-ri">
            <h2 id="aa-ri">Information requests</h2>
            <InfoRequests requests={record.infoRequests} />
          </section>
          <section aria-labelledby="aa-answers">
            <h2 id="aa-answers">The application</h2>
            <ApplicationSummary record={record} headingLevel={3} />
          </section>
        </>
      ) : null}
    </section>
  );
}
