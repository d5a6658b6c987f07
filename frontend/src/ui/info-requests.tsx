import type { InfoRequest } from "../api/types.ts";
import { formatDateTime } from "./format.ts";

export function InfoRequests({ requests }: { requests: InfoRequest[] | undefined }) {
  if (!requests?.length) return <p className="muted">No information has been requested.</p>;
  return (
    <ol className="info-requests">
      {requests.map((r, i) => {
        const answered = r.response !== undefined || r.respondedAt !== undefined;
        return (
          <li key={r.requestId ?? r.id ?? i} className={answered ? "answered" : "open"}>
            <p className="request-meta">
              {answered ? "Answered" : "Open"} · asked {formatDateTime(r.requestedAt ?? r.at)}
              {r.requestedBy ? ` by ${r.requestedBy}` : ""}
            </p>
            <blockquote>{r.message}</blockquote>
            {answered ? (
              <p>
                <strong>Answer</strong> ({formatDateTime(r.respondedAt ?? r.answeredAt)}): {r.response}
              </p>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
