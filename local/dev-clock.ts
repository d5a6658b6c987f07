import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as z from "zod";
import { clock } from "../lambdas/store/clock.ts";

// The local runtime's dev clock: moves the product's time (lambdas/store/clock.ts, which every state
// change, deadline and job reads) forward by an offset from the wall clock, so a demo or a test can
// reach a due date without waiting. Token expiry stays on the wall clock (the authorizer never reads
// this clock). The offset is kept in DATA_DIR so a restart of `npm start` keeps the product's date.

const DAY_MS = 24 * 60 * 60 * 1000;
const FILE = "dev-clock.json";

export const ClockRequestSchema = z
  .strictObject({
    advanceDays: z.number().min(0, "the clock never goes backwards").max(3650, "at most 3650 days at a time").optional(),
    now: z.iso.datetime({ offset: true, message: "an ISO 8601 date-time" }).optional(),
  })
  .superRefine((body, ctx) => {
    if ((body.advanceDays === undefined) === (body.now === undefined)) {
      ctx.addIssue({ code: "custom", path: body.now === undefined ? ["advanceDays"] : ["now"], message: "send exactly one of advanceDays or now" });
    }
  });
export type ClockRequest = z.infer<typeof ClockRequestSchema>;

export class ClockBackwards extends Error {
  override readonly name = "ClockBackwards";
}

export interface DevClock {
  now(): Date;
  /** Moves the product's time forward; throws ClockBackwards for a time earlier than now. */
  move(request: ClockRequest): Date;
}

export function createDevClock(dataDir: string): DevClock {
  const path = join(dataDir, FILE);
  let offsetMs = readOffset(path);
  // Installed only once the clock has moved: a runtime (or a test) that never moves it keeps whatever
  // clock.now it has, and tests that set clock.now themselves are not overridden.
  const install = () => {
    clock.now = () => new Date(Date.now() + offsetMs);
  };
  if (offsetMs !== 0) install();
  return {
    now: () => clock.now(),
    move(request) {
      const current = clock.now().getTime();
      const target = request.now !== undefined ? Date.parse(request.now) : current + request.advanceDays! * DAY_MS;
      if (target < current) throw new ClockBackwards(`The clock never goes backwards: it is already ${new Date(current).toISOString()}.`);
      offsetMs = target - Date.now();
      mkdirSync(dataDir, { recursive: true });
      const temp = `${path}.tmp`;
      writeFileSync(temp, JSON.stringify({ offsetMs }) + "\n");
      renameSync(temp, path);
      install();
      return clock.now();
    },
  };
}

function readOffset(path: string): number {
  if (!existsSync(path)) return 0;
  const parsed = z.object({ offsetMs: z.number() }).safeParse(JSON.parse(readFileSync(path, "utf8")));
  return parsed.success ? parsed.data.offsetMs : 0;
}
