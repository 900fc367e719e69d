// @ts-check
/**
 * Dynamic code found in bundled libraries, reviewed one by one. A rule allows an occurrence only
 * where its context matches, so new eval/Function code elsewhere still fails the lint, and a
 * rule that no longer matches anything is reported so it can be removed.
 */

/** @type {import('./types.mjs').AllowRule[]} */
export const ALLOW = [
  {
    id: 'ort-embind-method-caller',
    // Emscripten embind's emval method caller, as compiled into onnxruntime-web 1.30.0
    // (dist/ort-wasm-simd-threaded.asyncify.mjs) and bundled by Vite wherever ORT is imported.
    context:
      /Function\(Object\.keys\(\w+\),\s*\w+\)\(\.\.\.Object\.values\(\w+\)\)[\s\S]{0,40}methodCaller<\(/,
    reason:
      "onnxruntime-web's Emscripten embind glue builds a method caller with Function() only when " +
      "wasm calls a JS method through emval; under the extension's CSP (no 'unsafe-eval') it would " +
      'throw, and ORT inference (VAD, MesoNet, the frame model, all run in the e2e tests) does not take that path',
  },
  {
    id: 'wasm-bindgen-debug-string',
    // wasm-bindgen's debugString() in @contentauth/c2pa-wasm 0.11.0 (bundled with the C2PA
    // reader): the text `Function(name)` inside a template literal, not a call.
    context: /`Function\(\$\{\w+\}\)`/,
    reason:
      'a template literal that names a function when wasm-bindgen formats a JS value for an error ' +
      'message; no code is built from a string',
  },
];
