import path from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

/**
 * MediaPipe loads its wasm by URL at run time: ship the SIMD build inside the extension, in its
 * ES-module flavour, which loads the same way in a document and in a module worker
 * (lib/ml/face/landmarker.ts installModuleFactory; the landmark worker, issue #16).
 */
const MEDIAPIPE_WASM = ['vision_wasm_module_internal.js', 'vision_wasm_module_internal.wasm'];
/** Audio models and the C2PA wasm from npm packages, loaded by URL (lib/analysis/audio-models.ts). */
const AUDIO_ASSETS = [
  ['@ricky0123/vad-web/dist/silero_vad_v5.onnx', 'models/vad/silero_vad_v5.onnx'],
  ['@met4citizen/headaudio/dist/headworklet.min.mjs', 'models/headaudio/headworklet.min.mjs'],
  ['@met4citizen/headaudio/dist/model-en-mixed.bin', 'models/headaudio/model-en-mixed.bin'],
  // The C2PA reader's wasm (lib/provenance/read-provenance.ts, C2PA_WASM_PATH), loaded by URL.
  ['@contentauth/c2pa-web/dist/resources/c2pa_bg.wasm', 'c2pa/c2pa_bg.wasm'],
] as const;

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  imports: false,
  hooks: {
    'build:publicAssets': (_wxt, files) => {
      for (const name of MEDIAPIPE_WASM) {
        files.push({
          absoluteSrc: path.resolve('node_modules/@mediapipe/tasks-vision/wasm', name),
          relativeDest: `mediapipe/${name}`,
        });
      }
      for (const [src, dest] of AUDIO_ASSETS) {
        files.push({ absoluteSrc: path.resolve('node_modules', src), relativeDest: dest });
      }
    },
  },
  zip: {
    // The sources package (Firefox's add-on review) holds the repository, not generated files:
    // setup-models fetches or copies the third-party models again.
    excludeSources: [
      'public/models/**',
      'models/cache/**',
      'bench/out/**',
      'test-results/**',
      'training/out/**',
      'tests/fixtures/generated/**',
    ],
  },
  vite: () => ({
    plugins: [preact()],
    build: { target: 'es2022' },
    // The audio worker (lib/analysis/audio-worker.ts) is spawned as a module worker.
    worker: { format: 'es' },
  }),
  manifest: ({ browser }) => {
    const firefox = browser === 'firefox';
    return {
      // Strings live in public/_locales/<lang>/messages.json (English first).
      name: '__MSG_extName__',
      description: '__MSG_extDescription__',
      default_locale: 'en',
      // Firefox has neither offscreen documents nor tab capture (README "Firefox"): its build
      // hosts the analysis in the background page and asks for neither permission.
      ...(firefox
        ? {
            browser_specific_settings: {
              gecko: {
                id: 'telltale@telltale.invalid',
                // requestVideoFrameCallback (132), storage.session (115); 140 is the ESR line.
                strict_min_version: '140.0',
                data_collection_permissions: { required: ['none'] },
              },
              // data_collection_permissions came to Firefox for Android in 142 (untested there).
              gecko_android: { strict_min_version: '142.0' },
            },
          }
        : { minimum_chrome_version: '116' }),
      permissions: firefox
        ? ['storage', 'tabs', 'contextMenus']
        : ['offscreen', 'storage', 'tabs', 'contextMenus', 'tabCapture'],
      host_permissions: ['http://*/*', 'https://*/*'],
      content_security_policy: {
        // wasm (MediaPipe, onnxruntime-web) needs wasm-unsafe-eval. connect-src 'self' makes the
        // browser refuse any request from extension pages to the network: MediaPipe tasks-vision
        // 1.1.0 would otherwise POST usage logs to odml.pa.googleapis.com every minute.
        extension_pages:
          "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'; connect-src 'self' data: blob:",
      },
      web_accessible_resources: [
        {
          // The hidden frame bridge: content scripts hand it frames by postMessage (transfer).
          resources: ['frame-bridge.html'],
          matches: ['http://*/*', 'https://*/*'],
        },
      ],
      action: { default_title: '__MSG_extName__' },
    };
  },
});
