import { useSession } from "./auth/use-session.ts";
import { HOME_FOR } from "./auth/homes.ts";
import { Link } from "./router.tsx";
import { usePageTitle } from "./ui/async.tsx";

export function HomePage() {
  usePageTitle("Home");
  const session = useSession();
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">Regulatory sandbox registry</h1>
      <p className="lead">
        Firms apply here to enter the crypto council's regulatory sandbox: Bitcoin miners and AI data centres for a share of the surplus
        electricity, virtual asset service providers for a sandbox licence.
      </p>
      <ul className="cards">
        <li>
          <h2>
            <Link to="/register">Public register</Link>
          </h2>
          <p>Every licensed participant, its approved MW and status. Download it as CSV.</p>
        </li>
        <li>
          <h2>
            <Link to="/allocations">Energy allocations</Link>
          </h2>
          <p>How many MW each region offers per category, how many are approved and how many remain.</p>
        </li>
        <li>
          <h2>
            <Link to="/eligibility">Check eligibility</Link>
          </h2>
          <p>Before applying, see whether a request for MW in a region and start date can be met.</p>
        </li>
        <li>
          <h2>{session ? <Link to={HOME_FOR[session.groups[0] ?? "applicant"].path}>Continue your work</Link> : <Link to="/sign-in">Sign in</Link>}</h2>
          <p>Applicants fill in and track applications; council staff review, publish rounds and audit.</p>
        </li>
      </ul>
    </section>
  );
}
