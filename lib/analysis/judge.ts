/**
 * Turns the main face track into a conclusion: every visual cue, the learned frame model, then
 * fusion. Live, the streaming score gates publication on evidence and keeps the verdict from
 * flapping; when the video has ended (scan, local files), the final verdict is the fusion of
 * the cues over the whole window, unsmoothed.
 */
import { emptyAudioTrack, type AudioTrack } from '../audio/types';
import { blendCue } from '../cues/blend-model';
import { frameModelCue } from '../cues/frame-model';
import { runVisualCues } from '../cues/index';
import { runLipSyncCues } from '../cues/lip-sync';
import { lrnetCue, type LrnetModel, type LrnetUnavailable } from '../cues/lrnet';
import type { CueReport, FusionSummary } from '../messaging/types';
import { videoFeatures } from '../features/video-features';
import {
  classifyFeatures,
  SHIPPED_CLASSIFIER,
  verdictRules,
  type ClassifierModel,
} from '../scoring/classifier';
import type { FusionResult } from '../scoring/fusion';
import { StreamingScore } from '../scoring/stream';
import { DEFAULT_FUSION_WEIGHTS } from '../scoring/weights';
import type { FaceTrack } from '../tracks/types';
import type { AnalyserOutcome } from './analyser';
import { unjudgeable } from './track-gates';

/** What the analyser knows besides the track. */
export interface JudgeContext {
  /** The video ended and every frame was analysed. */
  final: boolean;
  /** Analysed frames with a face since the video started. */
  faceFrames: number;
  /** The video's audio over the window; absent when no audio path ran (lip-sync cues abstain). */
  audio?: AudioTrack;
}

/** The learned models' state, known once the analyser's models have loaded. */
export interface JudgeModels {
  /** LRNet's weights, or why they are missing; absent: the `lrnet` cue is not run. */
  lrnet?: LrnetModel | LrnetUnavailable;
  /** Why the blend model is not running, when it is not (its cue abstains with the reason). */
  blendUnavailable?: string;
}

export type Judge = (track: FaceTrack, context: JudgeContext) => AnalyserOutcome;

/** Seconds of face the final verdict needs (as the stream's gate). */
const MIN_FINAL_FACE_SECONDS = 2;

const NO_AUDIO_PATH = emptyAudioTrack('unavailable', 'audio was not captured');

/**
 * Every cue, keyed as in VideoReport.cues. `lrnet`: LRNet's weights (lib/ml/lrnet.ts loadLrnet)
 * or why they are missing; when omitted the `lrnet` cue is not run at all (no report key).
 */
export function runCues(
  track: FaceTrack,
  audio: AudioTrack = NO_AUDIO_PATH,
  lrnet?: LrnetModel | LrnetUnavailable,
  blendUnavailable?: string,
): Record<string, CueReport> {
  return {
    ...runVisualCues(track),
    mesonet: frameModelCue(track),
    ...(lrnet ? { lrnet: lrnetCue(track, lrnet) } : {}),
    blend: blendCue(track, blendUnavailable === undefined ? {} : { unavailable: blendUnavailable }),
    ...runLipSyncCues(track, audio),
  };
}

function summary(result: FusionResult): FusionSummary {
  return {
    version: result.version,
    probability: result.probability === null ? null : Math.round(result.probability * 1000) / 1000,
    drivers: result.contributions.map((c) => ({
      cue: c.cue,
      contribution: Math.round(c.contribution * 1000) / 1000,
      share: Math.round(c.share * 1000) / 1000,
    })),
  };
}

/**
 * A judge for one video (it keeps that video's streaming state). The verdict comes from the
 * learned classifier over the cues' measurements and the track's dynamics (issue #15).
 */
export function createJudge(
  now: () => number = () => performance.now() / 1000,
  model: ClassifierModel = SHIPPED_CLASSIFIER,
  { lrnet, blendUnavailable }: JudgeModels = {},
): Judge {
  const stream = new StreamingScore(DEFAULT_FUSION_WEIGHTS, {}, verdictRules(model));
  return (track, { final, faceFrames, audio }) => {
    const cues = runCues(track, audio, lrnet, blendUnavailable);
    const features = videoFeatures(cues);
    const gate = unjudgeable(track);
    const classified = classifyFeatures(features, model);
    const scoredNow: FusionResult = gate
      ? { ...classified, verdict: 'insufficient', risk: null, probability: null, reason: gate }
      : classified;
    const first = track.samples[0];
    const last = track.samples.at(-1);
    const faceSeconds = first && last ? last.t - first.t : 0;
    if (final) {
      const result = scoredNow;
      if (faceSeconds < MIN_FINAL_FACE_SECONDS) {
        return {
          state: 'insufficient',
          reason: `Not enough evidence: ${faceSeconds.toFixed(1)} s of face, needs ${MIN_FINAL_FACE_SECONDS} s`,
          cues,
          features,
          fusion: summary(result),
        };
      }
      if (result.verdict === 'insufficient') {
        return {
          state: 'insufficient',
          reason: result.reason,
          cues,
          features,
          fusion: summary(result),
        };
      }
      return {
        state: 'scored',
        risk: result.risk,
        verdict: result.verdict,
        ...(result.reason ? { reason: result.reason } : {}),
        cues,
        features,
        fusion: summary(result),
      };
    }
    const state = stream.update({
      nowS: now(),
      evidence: { faceSeconds, faceFrames },
      cues,
      result: scoredNow,
    });
    const fusion = state.latest ? summary(state.latest) : undefined;
    if (!state.published || state.risk === null || state.verdict === 'insufficient') {
      return {
        state: 'analyzing',
        reason: state.reason ?? 'Collecting evidence',
        cues,
        features,
        ...(fusion ? { fusion } : {}),
      };
    }
    return {
      state: 'scored',
      risk: state.risk,
      verdict: state.verdict,
      cues,
      features,
      ...(fusion ? { fusion } : {}),
    };
  };
}
