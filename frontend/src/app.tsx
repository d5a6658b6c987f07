import { lazy, Suspense, useEffect, useRef, type ComponentType, type LazyExoticComponent } from "react";
import { CallbackPage } from "./auth/callback-page.tsx";
import { HOME_FOR } from "./auth/homes.ts";
import { type Group } from "./auth/session.ts";
import { SignInPage } from "./auth/sign-in-page.tsx";
import { signOut } from "./auth/sign-out.ts";
import { useSession } from "./auth/use-session.ts";
import { useConfig } from "./config-context.ts";
import { HomePage } from "./home-page.tsx";
import { Link, matchPath, useLocation } from "./router.tsx";
import { Loading } from "./ui/async.tsx";
import { useUnreadCount } from "./applicant/unread.ts";

// The shell: landmarks, navigation by role, the route table. Every page beyond the home page is
// its own chunk, so the first load carries only React, the router and this shell.

type Page = ComponentType<{ params: Record<string, string> }>;
const page = (load: () => Promise<Page>): LazyExoticComponent<Page> => lazy(() => load().then((component) => ({ default: component })));

const RegisterPage = page(() => import("./public/register-page.tsx").then((m) => m.RegisterPage));
const LicencePage = page(() => import("./public/licence-page.tsx").then((m) => m.LicencePage));
const DashboardPage = page(() => import("./public/dashboard-page.tsx").then((m) => m.DashboardPage));
const EligibilityPage = page(() => import("./public/eligibility-page.tsx").then((m) => m.EligibilityPage));
const ApplicationsPage = page(() => import("./applicant/applications-page.tsx").then((m) => m.ApplicationsPage));
const NewApplicationPage = page(() => import("./applicant/new-application-page.tsx").then((m) => m.NewApplicationPage));
const ApplicationPage = page(() => import("./applicant/application-page.tsx").then((m) => m.ApplicationPage));
const EditApplicationPage = page(() => import("./applicant/wizard.tsx").then((m) => m.EditApplicationPage));
const NotificationsPage = page(() => import("./applicant/notifications-page.tsx").then((m) => m.NotificationsPage));
const QueuePage = page(() => import("./review/queue-page.tsx").then((m) => m.QueuePage));
const ReviewApplicationPage = page(() => import("./review/review-application-page.tsx").then((m) => m.ReviewApplicationPage));
const ReviewLicencesPage = page(() => import("./review/licences-page.tsx").then((m) => m.ReviewLicencesPage));
const ReviewLicencePage = page(() => import("./review/licence-actions-page.tsx").then((m) => m.ReviewLicencePage));
const SupervisionQueuePage = page(() => import("./supervision/supervision-queue-page.tsx").then((m) => m.SupervisionQueuePage));
const MyLicencePage = page(() => import("./supervision/my-licence-page.tsx").then((m) => m.MyLicencePage));
const RoundsPage = page(() => import("./admin/rounds-page.tsx").then((m) => m.RoundsPage));
const PublishRoundPage = page(() => import("./admin/publish-round-page.tsx").then((m) => m.PublishRoundPage));
const UsagePage = page(() => import("./energy/usage-page.tsx").then((m) => m.UsagePage));
const LicenceEnergyPage = page(() => import("./energy/licence-energy-page.tsx").then((m) => m.LicenceEnergyPage));
const ReviewLicenceEnergyPage = page(() => import("./energy/review-energy-pages.tsx").then((m) => m.ReviewLicenceEnergyPage));
const CurtailmentsPage = page(() => import("./energy/review-energy-pages.tsx").then((m) => m.CurtailmentsPage));
const CurtailmentPage = page(() => import("./energy/review-energy-pages.tsx").then((m) => m.CurtailmentPage));
const AuditPage = page(() => import("./audit/audit-page.tsx").then((m) => m.AuditPage));
const AuditApplicationPage = page(() => import("./audit/audit-application-page.tsx").then((m) => m.AuditApplicationPage));

interface RouteEntry {
  pattern: string;
  component: Page;
  group?: Group;
}

const ROUTES: RouteEntry[] = [
  { pattern: "/", component: HomePage as Page },
  { pattern: "/sign-in", component: SignInPage as Page },
  { pattern: "/register", component: RegisterPage },
  { pattern: "/register/:licenceNumber", component: LicencePage },
  { pattern: "/allocations", component: DashboardPage },
  { pattern: "/eligibility", component: EligibilityPage },
  { pattern: "/energy", component: UsagePage },
  { pattern: "/applications", component: ApplicationsPage, group: "applicant" },
  { pattern: "/applications/new", component: NewApplicationPage, group: "applicant" },
  { pattern: "/applications/:id", component: ApplicationPage, group: "applicant" },
  { pattern: "/applications/:id/edit/:step", component: EditApplicationPage, group: "applicant" },
  { pattern: "/licences/:licenceNumber", component: MyLicencePage, group: "applicant" },
  { pattern: "/licences/:licenceNumber/energy", component: LicenceEnergyPage, group: "applicant" },
  { pattern: "/notifications", component: NotificationsPage, group: "applicant" },
  { pattern: "/review", component: QueuePage, group: "reviewer" },
  { pattern: "/review/supervision", component: SupervisionQueuePage, group: "reviewer" },
  { pattern: "/review/applications/:id", component: ReviewApplicationPage, group: "reviewer" },
  { pattern: "/review/licences", component: ReviewLicencesPage, group: "reviewer" },
  { pattern: "/review/licences/:licenceNumber", component: ReviewLicencePage, group: "reviewer" },
  { pattern: "/review/licences/:licenceNumber/energy", component: ReviewLicenceEnergyPage, group: "reviewer" },
  { pattern: "/review/curtailments", component: CurtailmentsPage, group: "reviewer" },
  { pattern: "/review/curtailments/:id", component: CurtailmentPage, group: "reviewer" },
  { pattern: "/admin", component: RoundsPage, group: "admin" },
  { pattern: "/admin/rounds/new", component: PublishRoundPage, group: "admin" },
  { pattern: "/audit", component: AuditPage, group: "auditor" },
  { pattern: "/audit/applications/:id", component: AuditApplicationPage, group: "auditor" },
];

/**
 * The Cognito redirect URI may be the site root (it is, on AWS): the callback is that path *with*
 * `code` or `error` in the query; without them, "/" is the home page as usual.
 */
export function resolve(
  path: string,
  query: URLSearchParams,
  callbackPath: string | null,
): { entry: RouteEntry; params: Record<string, string> } | null {
  if (callbackPath && path === callbackPath && (query.has("code") || query.has("error"))) {
    return { entry: { pattern: callbackPath, component: CallbackPage as Page }, params: {} };
  }
  for (const entry of ROUTES) {
    const params = matchPath(entry.pattern, path);
    if (params) return { entry, params };
  }
  return null;
}

function NotFoundPage() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. Go to the <Link to="/">start page</Link>.
      </p>
    </section>
  );
}

function Guard({ group, path, children }: { group?: Group; path: string; children: React.ReactNode }) {
  const session = useSession();
  if (!group) return <>{children}</>;
  if (!session)
    return (
      <section>
        <h1>Sign in to continue</h1>
        <p>
          This page is for signed-in users. <Link to={`/sign-in?returnTo=${encodeURIComponent(path)}`}>Sign in</Link>
        </p>
      </section>
    );
  if (!session.groups.includes(group))
    return (
      <section>
        <h1>Not available to your role</h1>
        <p>You are signed in as {session.groups.join(", ") || "a user without a role"}; this page is for the {group} role.</p>
      </section>
    );
  return <>{children}</>;
}

function Header() {
  const session = useSession();
  const config = useConfig();
  const { path } = useLocation();
  const current = (to: string) => (path === to || (to !== "/" && path.startsWith(`${to}/`)) ? "page" : undefined);
  const unread = useUnreadCount(session?.groups.includes("applicant") ? session.sub : undefined, path);
  const publicLinks = [
    { to: "/register", label: "Register" },
    { to: "/allocations", label: "Allocations" },
    { to: "/eligibility", label: "Eligibility" },
    { to: "/energy", label: "Energy use" },
  ];
  const roleLinks = (session?.groups ?? []).flatMap((g) =>
    g === "reviewer"
      ? [
          { to: HOME_FOR.reviewer.path, label: HOME_FOR.reviewer.label },
          { to: "/review/licences", label: "Licences" },
          { to: "/review/supervision", label: "Supervision" },
          { to: "/review/curtailments", label: "Curtailments" },
        ]
      : g === "applicant"
        ? [
            { to: HOME_FOR.applicant.path, label: HOME_FOR.applicant.label },
            { to: "/notifications", label: "Notifications", badge: unread },
          ]
        : [{ to: HOME_FOR[g].path, label: HOME_FOR[g].label }],
  );
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <div className="header-inner">
        <Link to="/" className="brand">
          Sandbox registry
        </Link>
        <nav aria-label="Main">
          <ul>
            {[...publicLinks, ...roleLinks].map((l: { to: string; label: string; badge?: number }) => (
              <li key={l.to}>
                <Link to={l.to} aria-current={current(l.to)}>
                  {l.label}
                  {l.badge ? (
                    <span className="count-badge">
                      {" "}
                      {l.badge}
                      <span className="visually-hidden"> unread</span>
                    </span>
                  ) : null}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="account">
          {session ? (
            <>
              <span className="who">
                {session.name ?? session.email ?? session.sub}
                <span className="visually-hidden"> is signed in</span>
              </span>
              <button type="button" className="link-button" onClick={() => signOut(config)}>
                Sign out
              </button>
            </>
          ) : (
            <Link to={path === "/sign-in" ? "/sign-in" : `/sign-in?returnTo=${encodeURIComponent(path)}`}>Sign in</Link>
          )}
        </div>
      </div>
    </header>
  );
}

export function App() {
  const config = useConfig();
  const { path, query } = useLocation();
  const callbackPath = config.auth.kind === "cognito" ? new URL(config.auth.redirectUri, window.location.origin).pathname : null;
  const match = resolve(path, query, callbackPath);
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After an in-app navigation, move focus to the new page so screen readers announce it.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const main = mainRef.current;
    if (!main) return;
    window.scrollTo?.(0, 0);
    const focusHeading = () => {
      // While a lazy page loads, React hides the previous page (display: none) rather than removing it.
      const heading = [...main.querySelectorAll("h1")].find((h) => !h.closest('[hidden], [style*="display: none"]'));
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus();
        return true;
      }
      return false;
    };
    if (!focusHeading()) {
      // Lazy pages render their heading a moment later.
      const observer = new MutationObserver(() => focusHeading() && observer.disconnect());
      observer.observe(main, { childList: true, subtree: true, attributes: true, attributeFilter: ["style", "hidden"] });
      const timer = setTimeout(() => observer.disconnect(), 5000);
      return () => {
        observer.disconnect();
        clearTimeout(timer);
      };
    }
  }, [path]);

  const Component = match?.entry.component;
  return (
    <>
      <Header />
      <main id="main" tabIndex={-1} ref={mainRef}>
        <Suspense fallback={<Loading />}>
          {Component && match ? (
            <Guard group={match.entry.group} path={path}>
              <Component params={match.params} />
            </Guard>
          ) : (
            <NotFoundPage />
          )}
        </Suspense>
      </main>
      <footer className="site-footer">
        <p>
          Regulatory sandbox registry. The register is public and can be downloaded as <a href="/api/register?format=csv">CSV</a>; the API is
          described in the <a href="/api/openapi.json">OpenAPI document</a>.
        </p>
      </footer>
    </>
  );
}
