// Runs `count` tasks with at most `concurrency` in flight, the way a fixed number of clients would.

export async function runPool<T>(count: number, concurrency: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const index = next++;
      if (index >= count) return;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/** Times each task; returns the results and the milliseconds each took. */
export async function timedPool<T>(count: number, concurrency: number, task: (index: number) => Promise<T>): Promise<{ results: T[]; ms: number[] }> {
  const ms = new Array<number>(count);
  const results = await runPool(count, concurrency, async (i) => {
    const start = performance.now();
    const result = await task(i);
    ms[i] = performance.now() - start;
    return result;
  });
  return { results, ms };
}
