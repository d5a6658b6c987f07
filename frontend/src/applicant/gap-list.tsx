import { Link } from "../router.tsx";
import type { Gap } from "./checklist.ts";

/** What is still missing, each line linking to the step that fixes it. */
export function GapList({ applicationId, gaps, editable }: { applicationId: string; gaps: Gap[]; editable: boolean }) {
  if (gaps.length === 0) return <p className="ok-text">Everything required is there.</p>;
  return (
    <ul className="checklist">
      {gaps.map((gap) => (
        <li key={gap.path}>
          {editable ? <Link to={`/applications/${encodeURIComponent(applicationId)}/edit/${gap.step}`}>{gap.text}</Link> : gap.text}
        </li>
      ))}
    </ul>
  );
}
