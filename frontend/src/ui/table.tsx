import type { ReactNode } from "react";

/** A wide table scrolls inside its own named region, which takes keyboard focus so it can be scrolled without a mouse. */
export function TableRegion({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={label}>
      <table className={className}>{children}</table>
    </div>
  );
}
