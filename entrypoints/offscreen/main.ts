import { browser } from '#imports';
import { VideoAudioAnalyser } from '@/lib/analysis/audio-analyser';
import { audioModelUrls, loadAudioModels } from '@/lib/analysis/audio-models';
import { audioProcessors } from '@/lib/analysis/audio-worker-client';
import { AnalysisHost } from '@/lib/analysis/host';
import { shippedFaceFactory } from '@/lib/analysis/face-factory';
import {
  FRAME_BROADCAST,
  FRAME_PORT_NAME,
  base64ToBytes,
  decodePortFrame,
  parseFrame,
  type AckMessage,
  type FrameMessage,
} from '@/lib/messaging/frame-protocol';
import { parseAudioChunk, parseAudioState, parseMediaClock } from '@/lib/messaging/audio-protocol';
import { TabAudioCapture } from '@/lib/analysis/tab-audio';
import { AckChannels } from '@/lib/analysis/ack-channels';
import { PlanarRenderer } from '@/lib/analysis/planar-render';
import { parsePlanarFrame, type PlanarFrameMessage } from '@/lib/messaging/frame-planes';
import { hostChannel, offscreenChannel } from '@/lib/messaging/host-protocol';
import { int, isRecord } from '@/lib/messaging/validate';
import { onListsChanged } from '@/lib/lists/events';
import { KnownLists, loadKnownIndex } from '@/lib/lists/known-lists';
import { openListsDb, type ListsDb } from '@/lib/lists/store';
import {
  parseProvenanceMessage,
  type ProvenanceMessage,
} from '@/lib/messaging/provenance-protocol';
import { unreadableProvenance } from '@/lib/provenance/from-manifest-store';
import { C2PA_WASM_PATH, ProvenanceReader } from '@/lib/provenance/read-provenance';
import type { Runtime } from 'webextension-polyfill';
import { countedWorker, exposeLiveCounts } from '@/lib/debug/live-counts';

// Face landmarking runs in its own worker, so that it and this thread's work (acks, face
// measurements, frame models, cues) use both cores (issue #16).
const factory = shippedFaceFactory((path) => browser.runtime.getURL(path as '/offscreen.html'), {
  landmarkWorker: () =>
    countedWorker(
      new Worker(new URL('../../lib/analysis/landmark-worker.ts', import.meta.url), {
        type: 'module',
      }),
    ),
});

// Hash lists load when the first video starts and reload when the lists page changes them.
// One connection for the document's life: a new one per reload stayed open (the soak showed
// one more IndexedDB connection for every lists change; issue #17).
let listsDb: ListsDb | null = null;
const knownHashes = new KnownLists(
  () => loadKnownIndex((listsDb ??= openListsDb())),
  () => host.refreshReports(),
);
onListsChanged(() => knownHashes.invalidate());
// The audio models run in a worker, so that they do not slow the face analysis on this thread.
// It starts with the first video that sends audio (lip sync on, or a deep check), not with this
// document: its onnxruntime instance and models cost memory that most sessions never use
// (issue #16). Chunks that arrive while its models load wait in its queue.
const audioUrls = audioModelUrls((path) => browser.runtime.getURL(path as '/offscreen.html'));
const audioSource = audioProcessors(
  () =>
    countedWorker(
      new Worker(new URL('../../lib/analysis/audio-worker.ts', import.meta.url), {
        type: 'module',
      }),
    ),
  audioUrls,
  () => loadAudioModels(audioUrls),
);
const createAudio = () => new VideoAudioAnalyser(audioSource());

const host = new AnalysisHost(
  factory,
  {
    report: (tabId, report) => {
      hostChannel.sendMessage('host:report', { tabId, report }).catch(() => undefined);
    },
    lifecycle: (state, detail) => {
      hostChannel.sendMessage('host:lifecycle', { state, ...detail }).catch(() => undefined);
    },
  },
  { knownHashes, createAudio },
);

/** Tab audio being captured, per tab (a tab has one capture at a time). */
const tabAudio = new Map<number, TabAudioCapture>();
const AUDIO_KINDS = new Set(['audio', 'audio-state', 'clock']);

function stopTabAudio(tabId: number, videoId?: string): void {
  const capture = tabAudio.get(tabId);
  if (!capture || (videoId !== undefined && capture.videoId !== videoId)) return;
  capture.stop();
  tabAudio.delete(tabId);
}

async function startTabAudio(tabId: number, videoId: string, streamId: string) {
  stopTabAudio(tabId);
  try {
    const capture = await TabAudioCapture.open(
      streamId,
      videoId,
      browser.runtime.getURL('/worklets/audio-tap.js' as '/offscreen.html'),
      {
        onChunk: (chunk) => host.onAudio(tabId, chunk),
        onEnd: (reason) => {
          if (tabAudio.get(tabId) === capture) tabAudio.delete(tabId);
          console.warn('[telltale] tab audio ended:', reason);
        },
      },
    );
    tabAudio.set(tabId, capture);
    host.setAudioSource(tabId, videoId, 'tab');
    return { ok: true };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    host.onAudioState(tabId, { kind: 'audio-state', videoId, state: 'unavailable', reason });
    return { ok: false, reason };
  }
}

// Content Credentials of the pages' media (issue #18): the reader (a worker and its wasm)
// starts with the first media bytes a page sends, not with this document.
let provenanceReader: ProvenanceReader | null = null;

/** Reads a page's media bytes (validated) and reports their provenance beside the risk. */
function onProvenance(tabId: number, message: ProvenanceMessage): void {
  const { videoId, bytes, unreadable } = message;
  if (!bytes) {
    host.setProvenance(tabId, videoId, unreadableProvenance(unreadable ?? 'no bytes'));
    return;
  }
  provenanceReader ??= new ProvenanceReader(
    browser.runtime.getURL(C2PA_WASM_PATH as '/offscreen.html'),
  );
  void provenanceReader.read(bytes).then((p) => host.setProvenance(tabId, videoId, p));
}

/** Routes an untrusted audio message (chunk, state or playback report) from `tabId`. */
function onAudioMessage(tabId: number, data: Record<string, unknown>): void {
  if (data.kind === 'audio') host.onAudio(tabId, parseAudioChunk(data));
  else if (data.kind === 'clock') tabAudio.get(tabId)?.onClock(parseMediaClock(data));
  else host.onAudioState(tabId, parseAudioState(data));
}

// For diagnostics and the end-to-end tests: what the audio path holds for a video.
Object.assign(globalThis, {
  telltaleAudio: (tabId: number, videoId: string) => {
    const capture = tabAudio.get(tabId);
    return {
      track: host.audioTrack(tabId, videoId),
      tab: capture?.videoId === videoId ? capture.status : null,
    };
  },
});

const fromBackground = (sender: Runtime.MessageSender) =>
  sender.id === browser.runtime.id && sender.tab === undefined;

offscreenChannel.onMessage('off:videoStart', ({ data, sender }) => {
  if (!fromBackground(sender)) return undefined;
  return host.startVideo(data.tabId, data.videoId);
});
offscreenChannel.onMessage('off:videoStop', ({ data, sender }) => {
  if (!fromBackground(sender)) return;
  // Paused or scrolled away: the capture stays (the deep check may resume); gone: it stops.
  if (data.reason === 'removed' || data.reason === 'navigated' || data.reason === 'ended') {
    stopTabAudio(data.tabId, data.videoId);
  }
  host.stopVideo(data.tabId, data.videoId, data.reason);
});
offscreenChannel.onMessage('off:tabAudio', ({ data, sender }) => {
  if (!fromBackground(sender)) return { ok: false, reason: 'not from the background' };
  return startTabAudio(data.tabId, data.videoId, data.streamId);
});
offscreenChannel.onMessage('off:videoWindow', ({ data, sender }) => {
  if (fromBackground(sender)) host.setWindow(data.tabId, data.videoId, data.windowS);
});
offscreenChannel.onMessage('off:tabClosed', ({ data, sender }) => {
  if (!fromBackground(sender)) return;
  stopTabAudio(data.tabId);
  ackChannels.closeTab(data.tabId);
  host.closeTab(data.tabId);
});
offscreenChannel.onMessage('off:ping', ({ sender }) =>
  fromBackground(sender) ? host.state : undefined,
);

// Frames from the bridge iframes. The tab id was stamped by the bridge from tabs.getCurrent();
// the rest of the frame is untrusted page data and is validated.
const ackChannels = new AckChannels();
const frames = new BroadcastChannel(FRAME_BROADCAST);
frames.onmessage = (event: MessageEvent<unknown>) => {
  if (!isRecord(event.data)) return;
  let tabId: number;
  try {
    tabId = int(event.data.tabId, 'tabId', 0, Number.MAX_SAFE_INTEGER);
    if (AUDIO_KINDS.has(String(event.data.kind))) {
      onAudioMessage(tabId, event.data);
      return;
    }
    if (event.data.kind === 'provenance') {
      onProvenance(tabId, parseProvenanceMessage(event.data));
      return;
    }
    const reply = (ack: AckMessage) => ackChannels.post(tabId, ack);
    if (event.data.planes !== undefined) {
      onPlanarFrame(tabId, parsePlanarFrame(event.data), reply);
      return;
    }
    host.onFrame(tabId, parseFrame(event.data), reply);
  } catch (error) {
    console.warn('[telltale] rejected a frame:', error);
  }
};

// Planar frames (issue #16) are drawn here; when this browser cannot draw them, the ack tells
// the page to send canvas frames instead (the frame itself is lost, not the video).
const planarRenderer = new PlanarRenderer();
function onPlanarFrame(
  tabId: number,
  message: PlanarFrameMessage,
  reply: (ack: AckMessage) => void,
): void {
  let frame: FrameMessage;
  try {
    frame = planarRenderer.render(message);
  } catch (error) {
    console.warn('[telltale] cannot draw a planar frame:', error);
    const { videoId, seq, captureTs } = message;
    reply({
      kind: 'ack',
      tabId,
      videoId,
      seq,
      captureTs,
      queueDepth: 0,
      dropped: 0,
      noPlanes: true,
    });
    return;
  }
  host.onFrame(tabId, frame, reply);
}

// Fallback path: a runtime Port straight from the content script (base64 pixels).
browser.runtime.onConnect.addListener((port) => {
  const tabId = port.sender?.tab?.id;
  if (port.name !== FRAME_PORT_NAME || tabId === undefined) return;
  port.onMessage.addListener((message: unknown) => {
    if (!isRecord(message)) return;
    if (AUDIO_KINDS.has(String(message.kind))) {
      try {
        const samples =
          typeof message.samples64 === 'string' ? base64ToBytes(message.samples64) : undefined;
        onAudioMessage(tabId, samples ? { ...message, samples: samples.buffer } : message);
      } catch (error) {
        console.warn('[telltale] rejected audio:', error);
      }
      return;
    }
    if (typeof message.pixels64 !== 'string') return;
    try {
      const frame = decodePortFrame(message);
      host.onFrame(tabId, frame, (ack) => port.postMessage(ack));
    } catch (error) {
      console.warn('[telltale] rejected a frame:', error);
    }
  });
});

// For the soak bench (scripts/bench-soak.mjs): what this document holds open.
exposeLiveCounts(() => ({
  sessions: host.sessionCount,
  ackChannels: ackChannels.size,
  tabAudio: tabAudio.size,
}));

void host.init();
