import { Link, useLocation } from "../router.tsx";
import { usePageTitle } from "../ui/async.tsx";
import { ApplicationsTab } from "./applications-tab.tsx";
import { EventsTab } from "./events-tab.tsx";
import { LicencesTab } from "./licences-tab.tsx";

const TABS = [
  { id: "events", label: "Events" },
  { id: "applications", label: "Applications" },
  { id: "licences", label: "Licences" },
] as const;

export function AuditPage() {
  usePageTitle("Audit");
  const { query } = useLocation();
  const tab = TABS.find((t) => t.id === query.get("view"))?.id ?? "events";
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit</h1>
      <p>Read-only access to every event, application, licence and document. Download the events and the signed checkpoint to verify the log offline.</p>
      <nav aria-label="Audit views" className="subnav">
        <ul>
          {TABS.map((t) => (
            <li key={t.id}>
              <Link to={`/audit?view=${t.id}`} aria-current={t.id === tab ? "page" : undefined}>
                {t.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {tab === "events" ? <EventsTab /> : tab === "applications" ? <ApplicationsTab /> : <LicencesTab />}
    </section>
  );
}
