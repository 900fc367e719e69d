/**
 * Sensitivity presets: the user's "how readily should a video be flagged" mapped onto the
 * classifier's thresholds that turn a risk into a verdict.
 *
 * - balanced: the shipped thresholds (lib/scoring/classifier.json, chosen by `npm run eval:cv`
 *   so that at most 5% of real corpus videos reach likely-fake out of fold) and the judge's own
 *   verdict, hysteresis included.
 * - high: flags more: likely fake from 0.15 lower, likely real from 0.10 lower.
 * - low: flags less: likely fake 0.10 higher, likely real 0.10 higher.
 *
 * The judge in the offscreen document always uses the shipped thresholds; high and low
 * re-classify the published (smoothed) risk where reports are shown (background, popup), so a
 * change applies at once to every video already analysed. Likely fake still needs the
 * classifier's minimum number of cues with data.
 */
import type { VideoReport } from '../messaging/types';
import type { Sensitivity } from '../storage/settings';
import { SHIPPED_CLASSIFIER, verdictRules } from './classifier';
import { classify } from './fusion';
import type { VerdictRules } from './stream';
import type { FusionThresholds } from './weights';

/** The shipped verdict rules (the classifier's thresholds and cue minimum). */
export const SHIPPED_RULES: VerdictRules = verdictRules(SHIPPED_CLASSIFIER);

/** Shifts applied to the shipped thresholds, in probability. */
export const SENSITIVITY_SHIFTS: Record<Sensitivity, { likelyFake: number; likelyReal: number }> = {
  low: { likelyFake: 0.1, likelyReal: 0.1 },
  balanced: { likelyFake: 0, likelyReal: 0 },
  high: { likelyFake: -0.15, likelyReal: -0.1 },
};

const LOWEST = 0.01;
const HIGHEST = 0.99;
const clamp = (x: number) => Math.min(HIGHEST, Math.max(LOWEST, x));

/** The verdict thresholds a sensitivity stands for. */
export function thresholdsFor(
  sensitivity: Sensitivity,
  base: FusionThresholds = SHIPPED_RULES.thresholds,
): FusionThresholds {
  const shift = SENSITIVITY_SHIFTS[sensitivity];
  const likelyFake = clamp(base.likelyFake + shift.likelyFake);
  const likelyReal = Math.min(likelyFake, clamp(base.likelyReal + shift.likelyReal));
  return { likelyFake, likelyReal };
}

/**
 * The report as the user's sensitivity shows it: same risk, verdict re-read from the risk with
 * the preset's thresholds. Reports that are not scored, and every report under 'balanced',
 * come back unchanged.
 */
export function applySensitivity(
  report: VideoReport,
  sensitivity: Sensitivity,
  rules: VerdictRules = SHIPPED_RULES,
): VideoReport {
  if (sensitivity === 'balanced' || report.state !== 'scored' || report.risk === undefined) {
    return report;
  }
  let verdict = classify(report.risk / 100, thresholdsFor(sensitivity, rules.thresholds));
  const cuesWithData = report.fusion?.drivers.length ?? 0;
  if (verdict === 'likely-fake' && cuesWithData < rules.cuesForLikelyFake) {
    verdict = 'uncertain';
  }
  return verdict === report.verdict ? report : { ...report, verdict };
}

/** `applySensitivity` over every report of a tab. */
export function applySensitivityAll<T extends Record<string, VideoReport>>(
  reports: T,
  sensitivity: Sensitivity,
  rules: VerdictRules = SHIPPED_RULES,
): Record<string, VideoReport> {
  const out: Record<string, VideoReport> = {};
  for (const [id, report] of Object.entries(reports))
    out[id] = applySensitivity(report, sensitivity, rules);
  return out;
}
