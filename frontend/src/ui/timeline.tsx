import type { ApplicationHistoryEntry } from "../../../lambdas/schemas/application.ts";
import type { StatusChange } from "../../../lambdas/schemas/supervision.ts";
import { formatDateTime, humanize } from "./format.ts";

/** An application's history entry, or a licence's status change (which names no action or role). */
type HistoryEntry = ApplicationHistoryEntry | StatusChange;

/** The status history, oldest first, as an ordered list. */
export function Timeline({ history }: { history: HistoryEntry[] | undefined }) {
  if (!history?.length) return <p className="muted">No history yet.</p>;
  return (
    <ol className="timeline">
      {history.map((entry, i) => {
        const to = entry.to;
        const who = entry.by;
        const action = "action" in entry ? entry.action : undefined;
        const role = "role" in entry ? entry.role : undefined;
        return (
          <li key={i}>
            <p className="timeline-what">
              <strong>{action ? humanize(action) : "Status change"}</strong>
              {to ? (
                <>
                  {": "}
                  {entry.from ? `${humanize(entry.from)} → ` : ""}
                  <span className="status-text">{humanize(to)}</span>
                </>
              ) : null}
            </p>
            <p className="timeline-meta">
              {entry.at ? <time dateTime={entry.at}>{formatDateTime(entry.at)}</time> : null}
              {who ? <> · by {who}</> : null}
              {role ? <> ({role})</> : null}
            </p>
            {entry.reason ? <p className="timeline-reason">{entry.reason}</p> : null}
          </li>
        );
      })}
    </ol>
  );
}
