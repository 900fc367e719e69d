// @ts-check
/**
 * addons-linter (Mozilla's add-on validator, the one addons.mozilla.org runs) on the Firefox
 * package, with the warnings that remain explained one by one. A warning that is not listed
 * here, or any error, fails the check; README "Firefox" says why each listed one stays.
 */

/**
 * @typedef {object} Finding
 * @property {string} code
 * @property {string} message
 * @property {string} [file]
 * @property {number} [line]
 */

/**
 * @typedef {object} KnownWarning
 * @property {string} code
 * @property {RegExp} file  the bundled file it is in (names carry content hashes)
 * @property {string} why
 */

/** @type {KnownWarning[]} */
export const KNOWN_WARNINGS = [
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    file: /^(chunks\/(jsxRuntime\.module|i18n)-[\w-]+\.js|content-scripts\/video\.js)$/,
    why: "Preact's renderer supports dangerouslySetInnerHTML (node.innerHTML = props.__html); Telltale never passes it, so nothing is ever assigned.",
  },
  {
    code: 'DANGEROUS_EVAL',
    file: /^(chunks\/offscreen-[\w-]+\.js|assets\/audio-worker-[\w-]+\.js)$/,
    why: "onnxruntime-web's Emscripten glue (embind's methodCaller) builds functions with the Function constructor; the extension's CSP has no 'unsafe-eval', so that path cannot run, and the models Telltale runs do not need it.",
  },
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    file: /^(chunks\/offscreen-[\w-]+\.js|assets\/(audio|landmark)-worker-[\w-]+\.js)$/,
    why: "import() of a computed URL: onnxruntime-web's wasm loader, MediaPipe's wasm loader (also in the landmark worker, issue #16) and HeadAudio's worklet module, each given a URL inside the extension (runtime.getURL; the landmark worker also checks the origin); the CSP (script-src 'self') refuses anything else.",
  },
];

/**
 * Splits the linter's findings into what fails the check and what is known and explained.
 * @param {{ errors: Finding[], warnings: Finding[], notices: Finding[] }} result
 * @param {KnownWarning[]} [known]
 */
export function judgeLint(result, known = KNOWN_WARNINGS) {
  /** @type {Finding[]} */
  const unexpected = [];
  /** @type {{ finding: Finding, why: string }[]} */
  const explained = [];
  for (const finding of result.warnings) {
    const match = known.find((k) => k.code === finding.code && k.file.test(finding.file ?? ''));
    if (match) explained.push({ finding, why: match.why });
    else unexpected.push(finding);
  }
  return { errors: result.errors, unexpected, explained, notices: result.notices };
}

/** @param {Finding} finding */
export function describeFinding(finding) {
  const where = finding.file ? ` ${finding.file}${finding.line ? `:${finding.line}` : ''}` : '';
  return `${finding.code}${where}: ${finding.message}`;
}
