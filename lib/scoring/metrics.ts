/**
 * Evaluation metrics for the fusion model (used by the eval command and by training).
 * Convention throughout: label 1 = fake (positive), 0 = real; a score at or above the
 * threshold is called fake.
 */

/** 1 = fake (positive), 0 = real (negative). */
export type Label = 0 | 1;

/** ROC AUC, or null with the reason it is undefined. */
export type AucResult = { auc: number; reason?: undefined } | { auc: null; reason: string };

/** Confusion counts at a threshold. */
export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Rates at a threshold; a rate is null when its denominator is 0. */
export interface Rates {
  threshold: number;
  n: number;
  accuracy: number | null;
  /** fp / (fp + tn): reals called fake. */
  fpr: number | null;
  /** tp / (tp + fn): fakes caught. */
  tpr: number | null;
  /** tp / (tp + fp). */
  precision: number | null;
  confusion: Confusion;
}

/** One example for `metricsByGroup`. */
export interface ScoredRow {
  group: string;
  score: number;
  label: Label;
}

/** Metrics of one group. */
export interface GroupMetrics extends Rates {
  group: string;
  positives: number;
  negatives: number;
  auc: number | null;
  /** Why `auc` is null. */
  aucReason?: string;
}

function check(scores: readonly number[], labels: readonly Label[]): void {
  if (scores.length !== labels.length) {
    throw new RangeError(
      `scores (${scores.length}) and labels (${labels.length}) differ in length`,
    );
  }
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i])) throw new RangeError(`score ${i} is NaN`);
    if (labels[i] !== 0 && labels[i] !== 1) throw new RangeError(`label ${i} is not 0 or 1`);
  }
}

function ratio(num: number, den: number): number | null {
  return den > 0 ? num / den : null;
}

/**
 * ROC AUC in its Mann-Whitney form: the probability that a random fake scores above a random
 * real, ties counting 1/2. O(n log n) through average ranks. Null when there are no positives
 * or no negatives. Throws RangeError on NaN scores, bad labels or a length mismatch.
 */
export function rocAuc(scores: readonly number[], labels: readonly Label[]): AucResult {
  check(scores, labels);
  const positives = labels.filter((l) => l === 1).length;
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) {
    const reason =
      labels.length === 0
        ? 'no examples'
        : positives === 0
          ? 'no positive (fake) examples'
          : 'no negative (real) examples';
    return { auc: null, reason };
  }
  const order = scores
    .map((_, i) => i)
    .sort((a, b) => {
      const sa = scores[a] ?? 0;
      const sb = scores[b] ?? 0;
      return sa < sb ? -1 : sa > sb ? 1 : 0;
    });
  let rankSumPositives = 0;
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    const value = scores[order[start] ?? 0];
    while (end < order.length && scores[order[end] ?? 0] === value) end++;
    // Ranks start..end-1 (0-based) share their average, 1-based.
    const averageRank = (start + end + 1) / 2;
    for (let k = start; k < end; k++) {
      if (labels[order[k] ?? 0] === 1) rankSumPositives += averageRank;
    }
    start = end;
  }
  const u = rankSumPositives - (positives * (positives + 1)) / 2;
  return { auc: u / (positives * negatives) };
}

/** Confusion counts when a score >= `threshold` is called fake. */
export function confusionAt(
  scores: readonly number[],
  labels: readonly Label[],
  threshold: number,
): Confusion {
  check(scores, labels);
  const c: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < scores.length; i++) {
    const fake = (scores[i] ?? 0) >= threshold;
    if (labels[i] === 1) {
      if (fake) c.tp++;
      else c.fn++;
    } else if (fake) c.fp++;
    else c.tn++;
  }
  return c;
}

/** Accuracy, FPR, TPR and precision when a score >= `threshold` is called fake. */
export function ratesAt(
  scores: readonly number[],
  labels: readonly Label[],
  threshold: number,
): Rates {
  const confusion = confusionAt(scores, labels, threshold);
  const { tp, fp, tn, fn } = confusion;
  const n = tp + fp + tn + fn;
  return {
    threshold,
    n,
    accuracy: ratio(tp + tn, n),
    fpr: ratio(fp, fp + tn),
    tpr: ratio(tp, tp + fn),
    precision: ratio(tp, tp + fp),
    confusion,
  };
}

/**
 * Metrics per group (e.g. per manipulation method or source), groups sorted by name, preceded
 * by a row for all examples together under `allLabel` (pass null to leave it out).
 */
export function metricsByGroup(
  rows: readonly ScoredRow[],
  threshold: number,
  allLabel: string | null = 'all',
): GroupMetrics[] {
  const groups = new Map<string, ScoredRow[]>();
  for (const row of rows) {
    const list = groups.get(row.group);
    if (list) list.push(row);
    else groups.set(row.group, [row]);
  }
  const entries: [string, readonly ScoredRow[]][] = [...groups.entries()].sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  if (allLabel !== null) entries.unshift([allLabel, rows]);
  return entries.map(([group, list]) => {
    const scores = list.map((r) => r.score);
    const labels = list.map((r) => r.label);
    const auc = rocAuc(scores, labels);
    const positives = labels.filter((l) => l === 1).length;
    const out: GroupMetrics = {
      group,
      positives,
      negatives: labels.length - positives,
      auc: auc.auc,
      ...ratesAt(scores, labels, threshold),
    };
    if (auc.auc === null) out.aucReason = auc.reason;
    return out;
  });
}
