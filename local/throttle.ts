// A token bucket per source IP, the algorithm API Gateway throttles with. The defaults are the
// account-level limits of an HTTP API (10,000 requests/s steady, burst 5,000): generous, so local
// use and the test suite never meet it, yet a runaway loop against the dev gateway is still cut off.

export interface ThrottleOptions {
  /** Tokens added per second. */
  rate: number;
  /** Bucket size: how many requests may arrive at once. */
  burst: number;
}

export const API_GATEWAY_DEFAULT_THROTTLE: ThrottleOptions = { rate: 10_000, burst: 5_000 };

interface Bucket {
  tokens: number;
  at: number;
}

export function createThrottle(options: ThrottleOptions = API_GATEWAY_DEFAULT_THROTTLE, now: () => number = Date.now): (key: string) => boolean {
  const buckets = new Map<string, Bucket>();
  const fullAfterMs = (options.burst / options.rate) * 1000;

  return (key) => {
    const t = now();
    // A bucket that has refilled completely carries no state worth keeping: bound memory by dropping them.
    if (buckets.size > 10_000) for (const [k, b] of buckets) if (t - b.at >= fullAfterMs) buckets.delete(k);
    const bucket = buckets.get(key) ?? { tokens: options.burst, at: t };
    bucket.tokens = Math.min(options.burst, bucket.tokens + ((t - bucket.at) / 1000) * options.rate);
    bucket.at = t;
    buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  };
}
