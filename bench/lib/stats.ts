// Small order statistics for timing samples. Nearest-rank percentiles: with n samples, p99 is the
// value at rank ceil(0.99 n), so it is always a sample that was actually observed.

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error("no samples");
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export const median = (samples: readonly number[]) => percentile(samples, 50);

export const mean = (samples: readonly number[]) => samples.reduce((a, b) => a + b, 0) / samples.length;

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));
