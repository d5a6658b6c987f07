import { escapeHtml, eventCause, type CommittedEvent } from "./notices.ts";

// The public register's changes as an Atom 1.0 feed (RFC 4287): licences issued, suspended,
// reinstated, revoked, expired, surrendered, graduated and exited. Entries are derived from the
// committed events by the notifier; this module holds the pure rules and the XML.

export interface RegisterChange {
  entryId: string;
  at: string;
  licenceNumber: string;
  legalName: string;
  status: string;
  title: string;
  summary: string;
}

const VERBS: Record<string, string> = {
  ACTIVE: "issued",
  SUSPENDED: "suspended",
  REVOKED: "revoked",
  EXPIRED: "expired",
  SURRENDERED: "surrendered",
  GRADUATED: "graduated",
  EXITED: "exited",
};

/** The register change an event is, if any: the licence's new public status. */
export function feedEntryFor(event: CommittedEvent, legalName = ""): RegisterChange | undefined {
  const d = event.data;
  let licenceNumber: string | undefined;
  let status: string | undefined;
  let verb: string | undefined;
  if (event.entityType === "application" && d.to === "APPROVED" && typeof d.licenceNumber === "string") {
    licenceNumber = d.licenceNumber;
    status = "ACTIVE";
    verb = "issued";
  } else if (event.entityType === "exit" && (d.outcome === "GRADUATED" || d.outcome === "EXITED")) {
    licenceNumber = event.entityId;
    status = d.outcome;
    verb = VERBS[d.outcome];
  } else if (event.action === "case.escalate" && d.licenceSuspended === true && typeof d.licenceNumber === "string") {
    licenceNumber = d.licenceNumber;
    status = "SUSPENDED";
    verb = "suspended";
  } else if (event.entityType === "licence" && typeof d.to === "string" && typeof d.from === "string" && d.to !== d.from) {
    licenceNumber = event.entityId;
    status = d.to;
    verb = d.to === "ACTIVE" ? "reinstated" : VERBS[d.to];
  }
  if (!licenceNumber || !status || !verb) return undefined;
  const who = legalName ? ` (${legalName})` : "";
  return {
    entryId: eventCause(event),
    at: event.at,
    licenceNumber,
    legalName,
    status,
    title: `Licence ${licenceNumber}${who} ${verb}`,
    summary: `Licence ${licenceNumber}${who} was ${verb} on ${event.at.slice(0, 10)}; its register status is now ${status}.`,
  };
}

/** Atom 1.0 text of the feed. `siteUrl` is the public origin the links point at. */
export function atomFeed(entries: readonly RegisterChange[], siteUrl: string, now: string): string {
  const base = siteUrl.replace(/\/$/, "");
  const updated = entries[0]?.at ?? now;
  const x = escapeHtml;
  const items = entries.map((e) => {
    const link = `${base}/register/${encodeURIComponent(e.licenceNumber)}`;
    return [
      "  <entry>",
      `    <id>urn:sandbox-registry:register:${x(e.entryId)}</id>`,
      `    <title>${x(e.title)}</title>`,
      `    <updated>${x(e.at)}</updated>`,
      `    <link rel="alternate" type="text/html" href="${x(link)}"/>`,
      `    <category term="${x(e.status)}"/>`,
      `    <summary>${x(e.summary)}</summary>`,
      "  </entry>",
    ].join("\n");
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    "  <id>urn:sandbox-registry:register</id>",
    "  <title>Sandbox register: licence changes</title>",
    `  <updated>${x(updated)}</updated>`,
    "  <author><name>The crypto council's sandbox registry</name></author>",
    `  <link rel="self" type="application/atom+xml" href="${x(`${base}/api/register/feed.atom`)}"/>`,
    `  <link rel="alternate" type="text/html" href="${x(`${base}/register`)}"/>`,
    ...items,
    "</feed>",
    "",
  ].join("\n");
}
