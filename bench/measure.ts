// Small timing helpers for the benchmark: medians of repeated runs, in milliseconds.
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export async function timeMs(work: () => unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Median of `runs` timings of `work`, after `warmup` untimed runs. */
export async function medianMs(work: () => unknown, runs: number, warmup = 2): Promise<number> {
  for (let i = 0; i < warmup; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timeMs(work));
  return median(times);
}

export const round = (value: number, digits = 3): number => Number(value.toFixed(digits));

/** The lowest and highest of a figure's runs, as `<name>_min` and `<name>_max`: its spread. */
export function spread(name: string, values: number[]): Record<string, number> {
  return { [`${name}_min`]: round(Math.min(...values)), [`${name}_max`]: round(Math.max(...values)) };
}
