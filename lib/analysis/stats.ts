import type { TimingStat } from '../messaging/types';

/** Keeps the last `capacity` samples of a series and summarises them (median, p90). */
export class SampleWindow {
  private readonly values: number[] = [];
  private next = 0;

  constructor(private readonly capacity = 512) {}

  add(value: number): void {
    if (!Number.isFinite(value)) return;
    if (this.values.length < this.capacity) this.values.push(value);
    else this.values[this.next] = value;
    this.next = (this.next + 1) % this.capacity;
  }

  get count(): number {
    return this.values.length;
  }

  summary(): TimingStat {
    return summarise(this.values);
  }
}

/** Nearest-rank quantile of an ascending array (q in [0, 1]). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? 0;
}

/** Median and p90 of `values`, rounded to 0.01 ms. */
export function summarise(values: readonly number[]): TimingStat {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    count: sorted.length,
    median: round(quantile(sorted, 0.5)),
    p90: round(quantile(sorted, 0.9)),
  };
}
