// @ts-check
/**
 * The extension pages' Content Security Policy: scripts only from the package (MV3 allows
 * 'self', 'wasm-unsafe-eval' and 'none'; anything else is remote or dynamic code), and
 * connect-src without the network, which docs/privacy.md promises.
 */

/** @typedef {import('./types.mjs').Finding} Finding */

const SCRIPT_DIRECTIVES = [
  'script-src',
  'script-src-elem',
  'script-src-attr',
  'worker-src',
  'object-src',
  'default-src',
];
const SCRIPT_OK = new Set(["'self'", "'wasm-unsafe-eval'", "'none'"]);
const CONNECT_OK = new Set(["'self'", "'none'", 'data:', 'blob:']);

/**
 * Directive name -> sources.
 * @param {string} policy
 */
export function parseCsp(policy) {
  /** @type {Map<string, string[]>} */
  const directives = new Map();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/**
 * @param {Record<string, unknown>} manifest
 * @returns {Finding[]}
 */
export function checkCsp(manifest) {
  /** @type {Finding[]} */
  const out = [];
  const csp = manifest.content_security_policy;
  if (csp === undefined) {
    out.push({
      level: 'error',
      message:
        "no content_security_policy: connect-src 'self' is what keeps extension pages off the network (docs/privacy.md)",
    });
    return out;
  }
  if (typeof csp === 'string' || typeof csp !== 'object' || csp === null) {
    out.push({
      level: 'error',
      message: 'content_security_policy must be an object in MV3 ({ extension_pages, sandbox })',
    });
    return out;
  }
  const policies = /** @type {Record<string, unknown>} */ (csp);
  for (const [context, policy] of Object.entries(policies)) {
    if (typeof policy !== 'string') continue;
    const directives = parseCsp(policy);
    for (const name of SCRIPT_DIRECTIVES) {
      // A sandbox may use 'unsafe-eval' (its pages have no extension APIs); never remote hosts.
      const ok =
        context === 'sandbox'
          ? new Set([...SCRIPT_OK, "'unsafe-eval'", "'unsafe-inline'"])
          : SCRIPT_OK;
      for (const source of directives.get(name) ?? [])
        if (!ok.has(source.toLowerCase()))
          out.push({
            level: 'error',
            message: `content_security_policy.${context} ${name} allows ${source} (remote or dynamic script)`,
          });
    }
    if (context !== 'extension_pages') continue;
    const connect = directives.get('connect-src') ?? directives.get('default-src');
    if (!connect)
      out.push({
        level: 'error',
        message:
          'content_security_policy.extension_pages has no connect-src: pages could reach the network (docs/privacy.md says they cannot)',
      });
    else
      for (const source of connect)
        if (!CONNECT_OK.has(source.toLowerCase()))
          out.push({
            level: 'error',
            message: `content_security_policy.extension_pages connect-src allows ${source}: the network (docs/privacy.md says nothing leaves the device)`,
          });
  }
  return out;
}
