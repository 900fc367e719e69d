/**
 * PLACEHOLDER ANALYSER (Foundation issue). It counts frames and always concludes
 * `insufficient`: it never produces a risk score. It is replaced when the face, cue and fusion
 * issues land; the badge and scan show its id and `placeholder: true` so nobody mistakes it
 * for detection.
 */
import type { AnalyserFactory, AnalyserOutcome, AnalysisFrame, VideoAnalyser } from './analyser';

export const PLACEHOLDER_REASON =
  'No detectors are installed in this build yet (placeholder analyser): no score is given.';

class PlaceholderVideoAnalyser implements VideoAnalyser {
  private frames = 0;

  analyse(_frame: AnalysisFrame): Promise<void> {
    this.frames++;
    return Promise.resolve();
  }

  outcome(final: boolean): AnalyserOutcome {
    if (this.frames === 0 && !final) return { state: 'analyzing', cues: {} };
    return { state: 'insufficient', reason: PLACEHOLDER_REASON, cues: {} };
  }

  dispose(): void {}
}

export const placeholderAnalyserFactory: AnalyserFactory = {
  id: 'placeholder-0',
  placeholder: true,
  init: () => Promise.resolve(),
  create: () => new PlaceholderVideoAnalyser(),
};
