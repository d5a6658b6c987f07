import type { InfoRequestView as InfoRequest } from "../../../lambdas/schemas/application.ts";
import { formatDateTime } from "./format.ts";

export function InfoRequests({ requests }: { requests: InfoRequest[] | undefined }) {
  if (!requests?.length) return <p className="muted">No information has been requested.</p>;
  return (
    <ol className="info-requests">
      {requests.map((r, i) => {
        const answered = r.response !== undefined || r.respondedAt !== undefined;
        return (
          <li key={r.requestId ?? i} className={answered ? "answered" : "open"}>
            <p className="request-meta">
              {answered ? "Answered" : "Open"} · asked {formatDateTime(r.requestedAt)}
              {r.requestedBy ? ` by ${r.requestedBy}` : ""}
            </p>
            <blockquote>{r.message}</blockquote>
            {answered ? (
              <p>
                <strong>Answer</strong> ({formatDateTime(r.respondedAt)}): {r.response}
              </p>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
