// Generated sections of the docs sit between a start and an end marker; the generators (the README's
// workflow section, the latest bench table) replace what is between them and leave the rest alone.

/** Replaces the block from `start` to `end` (both included, `block` carries its own markers); throws when they are missing. */
export function spliceBlock(document: string, start: string, end: string, block: string, what: string): string {
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${what} markers not found`);
  return document.slice(0, from) + block + document.slice(to + end.length);
}
