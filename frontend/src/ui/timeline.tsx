import type { HistoryEntry } from "../api/types.ts";
import { formatDateTime, humanize } from "./format.ts";

function actorName(entry: HistoryEntry): string | undefined {
  if (entry.by) return entry.by;
  if (typeof entry.actor === "string") return entry.actor;
  return entry.actor?.name ?? entry.actor?.sub;
}

/** The status history, oldest first, as an ordered list. */
export function Timeline({ history }: { history: HistoryEntry[] | undefined }) {
  if (!history?.length) return <p className="muted">No history yet.</p>;
  return (
    <ol className="timeline">
      {history.map((entry, i) => {
        const to = entry.to ?? entry.status;
        const who = actorName(entry);
        return (
          <li key={i}>
            <p className="timeline-what">
              <strong>{entry.action ? humanize(entry.action) : "Status change"}</strong>
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
              {typeof entry.role === "string" ? <> ({entry.role})</> : null}
            </p>
            {entry.reason || entry.message ? <p className="timeline-reason">{entry.reason ?? entry.message}</p> : null}
          </li>
        );
      })}
    </ol>
  );
}
