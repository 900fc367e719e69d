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
import type { CueReport, FusionSummary } from '../messaging/types';
import { fuse, type FusionResult } from '../scoring/fusion';
import { StreamingScore } from '../scoring/stream';
import type { FaceTrack } from '../tracks/types';
import type { AnalyserOutcome } from './analyser';

/** What the analyser knows besides the track. */
export interface JudgeContext {
  /** The video ended and every frame was analysed. */
  final: boolean;
  /** Analysed frames with a face since the video started. */
  faceFrames: number;
  /** The video's audio over the window; absent when no audio path ran (lip-sync cues abstain). */
  audio?: AudioTrack;
  /** Why the blend model is not running, when it is not (its cue abstains with the reason). */
  blendUnavailable?: string;
}

export type Judge = (track: FaceTrack, context: JudgeContext) => AnalyserOutcome;

/** Seconds of face the final verdict needs (as the stream's gate). */
const MIN_FINAL_FACE_SECONDS = 2;

const NO_AUDIO_PATH = emptyAudioTrack('unavailable', 'audio was not captured');

/** Every cue, keyed as in VideoReport.cues. */
export function runCues(
  track: FaceTrack,
  audio: AudioTrack = NO_AUDIO_PATH,
  blendUnavailable?: string,
): Record<string, CueReport> {
  return {
    ...runVisualCues(track),
    mesonet: frameModelCue(track),
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

/** A judge for one video (it keeps that video's streaming state). */
export function createJudge(now: () => number = () => performance.now() / 1000): Judge {
  const stream = new StreamingScore();
  return (track, { final, faceFrames, audio, blendUnavailable }) => {
    const cues = runCues(track, audio, blendUnavailable);
    const first = track.samples[0];
    const last = track.samples.at(-1);
    const faceSeconds = first && last ? last.t - first.t : 0;
    if (final) {
      const result = fuse(cues);
      if (faceSeconds < MIN_FINAL_FACE_SECONDS) {
        return {
          state: 'insufficient',
          reason: `Not enough evidence: ${faceSeconds.toFixed(1)} s of face, needs ${MIN_FINAL_FACE_SECONDS} s`,
          cues,
          fusion: summary(result),
        };
      }
      if (result.verdict === 'insufficient') {
        return { state: 'insufficient', reason: result.reason, cues, fusion: summary(result) };
      }
      return {
        state: 'scored',
        risk: result.risk,
        verdict: result.verdict,
        ...(result.reason ? { reason: result.reason } : {}),
        cues,
        fusion: summary(result),
      };
    }
    const state = stream.update({ nowS: now(), evidence: { faceSeconds, faceFrames }, cues });
    const fusion = state.latest ? summary(state.latest) : undefined;
    if (!state.published || state.risk === null || state.verdict === 'insufficient') {
      return {
        state: 'analyzing',
        reason: state.reason ?? 'Collecting evidence',
        cues,
        ...(fusion ? { fusion } : {}),
      };
    }
    return {
      state: 'scored',
      risk: state.risk,
      verdict: state.verdict,
      cues,
      ...(fusion ? { fusion } : {}),
    };
  };
}
