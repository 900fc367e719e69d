// @ts-check
/** Shared JSDoc types of the package lint. */

/**
 * @typedef {object} Finding
 * @property {'error' | 'warning' | 'note'} level  errors fail the lint; notes are facts to report
 * @property {string} message
 */

/**
 * A reviewed occurrence of dynamic code in a bundled library: allowed where `context` matches
 * the text around it.
 * @typedef {object} AllowRule
 * @property {string} id
 * @property {RegExp} context  must match the 300 characters around the occurrence
 * @property {string} reason
 */

export {};
