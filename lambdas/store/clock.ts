// The time source for every state change. Tests replace `clock.now` to drive SLA and expiry arithmetic.
export const clock = {
  now: (): Date => new Date(),
};

export function nowIso(): string {
  return clock.now().toISOString();
}
