/** Small numeric helpers shared by the orchestrator and the load workers. */

/** The p-th percentile (0–100) of `values` by nearest rank; null for none. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** p50 / p95 / p99 / max of an unsorted list, rounded to 0.1 ms. */
export function summarize(values) {
  const sorted = Float64Array.from(values).sort();
  const round = (v) => (v === null ? null : Math.round(v * 10) / 10);
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.length ? sorted[sorted.length - 1] : null),
  };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
