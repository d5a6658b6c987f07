import { useLocation } from "../router.tsx";
import { usePageTitle } from "../ui/async.tsx";
import { Wizard } from "./wizard.tsx";

export function NewApplicationPage() {
  usePageTitle("New application");
  const { query } = useLocation();
  return <Wizard versioned={null} step="organisation" onSaved={() => undefined} initialCategory={query.get("category") ?? undefined} />;
}
