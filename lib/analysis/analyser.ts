import type { AudioTrack } from '../audio/types';
import type { FrameMessage, NormBox } from '../messaging/frame-protocol';
import type { CueReport, FaceSummary, FusionSummary, Verdict } from '../messaging/types';

/** A frame as the analyser receives it (pixels still RGBA). */
export type AnalysisFrame = Omit<FrameMessage, 'kind' | 'rttMs'>;

/** What an analyser currently concludes about one video. */
export interface AnalyserOutcome {
  state: 'analyzing' | 'scored' | 'insufficient' | 'error';
  reason?: string;
  risk?: number;
  verdict?: Verdict;
  cues: Record<string, CueReport>;
  /** The classifier's input: cue measurements and track dynamics (lib/features). */
  features?: Record<string, number>;
  face?: FaceSummary;
  fusion?: FusionSummary;
  /** Latest small JPEG data URL of the main face, when thumbnails are on. */
  keyframe?: string;
}

/** Per-video analysis: fed frames in order, asked for its outcome at any time. */
export interface VideoAnalyser {
  analyse(frame: AnalysisFrame): Promise<void>;
  /**
   * The conclusion so far. `final` is true once the video ended and every frame was analysed:
   * the analyser must then conclude (never 'analyzing').
   */
  outcome(final: boolean): AnalyserOutcome;
  /** Judge over the last `seconds` of video from now on (a deep check asks for more). */
  setWindow?(seconds: number): void;
  /** Gives the analyser the video's audio so far (the lip-sync cues need it). */
  attachAudio?(source: () => AudioTrack): void;
  /**
   * The main face's latest box as fractions of the frame, or null: acks carry it back to the
   * page, which crops the face at the video's own resolution around it (issue #15).
   */
  faceBox?(): NormBox | null;
  dispose(): void;
}

/** Creates per-video analysers once its models are loaded. */
export interface AnalyserFactory {
  readonly id: string;
  /** True while no real detector is installed; the UI says so. */
  readonly placeholder: boolean;
  /** Loads models; reports 0..1 progress. Rejects with a readable message on failure. */
  init(onProgress?: (progress: number) => void): Promise<void>;
  create(): VideoAnalyser;
}
