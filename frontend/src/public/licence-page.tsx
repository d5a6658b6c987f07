import { enc } from "../api/client.ts";
import type { Licence } from "../../../lambdas/schemas/review.ts";
import { Link } from "../router.tsx";
import { LoadError, Loading, usePageTitle, useApiGet } from "../ui/async.tsx";
import { LicenceDetails } from "./licence-details.tsx";

export function LicencePage({ params }: { params: Record<string, string> }) {
  const licenceNumber = params.licenceNumber;
  usePageTitle(`Licence ${licenceNumber}`);
  const licence = useApiGet<Licence>(`/api/register/${enc(licenceNumber)}`);
  return (
    <section aria-labelledby="licence-title">
      <p>
        <Link to="/register">← Back to the register</Link>
      </p>
      <h1 id="licence-title">Licence {licenceNumber}</h1>
      {licence.loading ? <Loading what="Loading the licence" /> : null}
      {licence.error ? <LoadError error={licence.error} retry={licence.reload} /> : null}
      {licence.data ? <LicenceDetails licence={licence.data} /> : null}
    </section>
  );
}
