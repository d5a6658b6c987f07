import { useState } from "react";
import { api, withQuery } from "../api/client.ts";
import type { AuditEventView as AuditEvent, EventsHead, EventsPage } from "../../../lambdas/schemas/audit.ts";
import { Alert, LoadError, Loading, useApiGet } from "../ui/async.tsx";
import { describeError } from "../ui/errors.ts";
import { formatDateTime } from "../ui/format.ts";
import { TableRegion } from "../ui/table.tsx";
import { TitledSection } from "../ui/titled-section.tsx";
import { fetchAllEvents, nextAfterSeq, saveFile, toNdjson } from "./ndjson.ts";

const PAGE = 50;

function actorOf(actor: unknown): string {
  if (actor && typeof actor === "object" && "sub" in actor) return String((actor as { sub: unknown }).sub);
  return typeof actor === "string" ? actor : "";
}

export function EventsTab() {
  const head = useApiGet<EventsHead>("/api/audit/events/head");
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [state, setState] = useState<{ busy: boolean; done: boolean; error?: unknown }>({ busy: false, done: false });
  const [download, setDownload] = useState<{ busy: boolean; count: number; message?: string; error?: string }>({ busy: false, count: 0 });

  const loadNext = async () => {
    setState({ busy: true, done: false });
    try {
      const afterSeq = events.length ? events[events.length - 1].seq : 0;
      const { data } = await api.get<EventsPage>(withQuery("/api/audit/events", { afterSeq, limit: PAGE }));
      setEvents([...events, ...data.items]);
      setState({ busy: false, done: nextAfterSeq(data) === null });
    } catch (error) {
      setState({ busy: false, done: false, error });
    }
  };

  const downloadAll = async () => {
    setDownload({ busy: true, count: 0 });
    try {
      const all = await fetchAllEvents((count) => setDownload({ busy: true, count }));
      saveFile(toNdjson(all), "audit-events.ndjson", "application/x-ndjson");
      setDownload({
        busy: false,
        count: all.length,
        message: `Saved ${all.length} events as audit-events.ndjson. Save GET /api/audit/checkpoint as checkpoint.txt, pin the key from GET /api/audit/checkpoint/key, then check: npm run --silent audit:verify -- audit-events.ndjson --checkpoint checkpoint.txt --key <vkey>`,
      });
    } catch (e) {
      setDownload({ busy: false, count: 0, error: describeError(e) });
    }
  };

  return (
    <TitledSection id="events-title" title="Audit events">
      {head.loading ? <Loading what="Loading the latest signed checkpoint" /> : null}
      {head.error ? <LoadError error={head.error} retry={head.reload} /> : null}
      {head.data ? (
        <dl className="stats">
          <div>
            <dt>Events in the signed checkpoint</dt>
            <dd data-testid="head-seq">{head.data.seq}</dd>
          </div>
          <div>
            <dt>Root hash</dt>
            <dd className="hash">{head.data.rootHash}</dd>
          </div>
          <div>
            <dt>Signed at</dt>
            <dd>{head.data.at ? formatDateTime(head.data.at) : "not yet"}</dd>
          </div>
          <div>
            <dt>Pending</dt>
            <dd data-testid="pending-events">
              {head.data.pendingEvents === 0 ? "none" : `${head.data.pendingEvents} (oldest ${Math.round(head.data.oldestPendingSeconds)} s)`}
            </dd>
          </div>
        </dl>
      ) : null}
      <p>
        <button type="button" onClick={() => void downloadAll()} disabled={download.busy}>
          {download.busy ? `Fetching events… ${download.count}` : "Download all events (NDJSON)"}
        </button>
      </p>
      <div aria-live="polite">
        {download.message ? <Alert kind="success">{download.message}</Alert> : null}
        {download.error ? <Alert title="The download failed">{download.error}</Alert> : null}
      </div>
      {events.length ? (
        <TableRegion label="Audit events" className="events">
          <thead>
            <tr>
              <th scope="col" className="num">
                Seq
              </th>
              <th scope="col">At</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Entity</th>
              <th scope="col">Leaf hash</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.seq}>
                <td className="num">{e.seq}</td>
                <td>{formatDateTime(e.at)}</td>
                <td>{actorOf(e.actor)}</td>
                <td>{e.action}</td>
                <td>
                  {e.entityType} <code>{e.entityId}</code>
                </td>
                <td className="hash" title={e.leafHash}>
                  {e.leafHash.slice(0, 12)}…
                </td>
              </tr>
            ))}
          </tbody>
        </TableRegion>
      ) : null}
      <p aria-live="polite">{state.done ? `All ${events.length} events shown.` : ""}</p>
      {state.error ? <LoadError error={state.error} /> : null}
      {!state.done ? (
        <button type="button" className="secondary" onClick={() => void loadNext()} disabled={state.busy}>
          {events.length ? "Show the next events" : "Show events"}
        </button>
      ) : null}
    </TitledSection>
  );
}
