/**
 * Content Credentials (C2PA) of a video or image, as Telltale reports them (issue #18): beside
 * the risk score, never inside it, like a hash-list match. Extend, never rename (README
 * "Contracts": scan JSON `provenance`, badge `data-provenance`).
 */

/**
 * `none`: no manifest in the bytes; `valid`: the manifest's signature and its hashes of the
 * content verify (the signer is not checked against a trust list: see `notChecked`);
 * `invalid`: a manifest is there but does not verify, or cannot be parsed; `unreadable`: the
 * bytes could not be read or the format is not supported, so nothing is known.
 */
export type ProvenanceStatus = 'none' | 'valid' | 'invalid' | 'unreadable';

export const PROVENANCE_STATUSES: readonly ProvenanceStatus[] = [
  'none',
  'valid',
  'invalid',
  'unreadable',
];

/** One action of the active manifest (`c2pa.actions`), in the manifest's order. */
export interface ProvenanceAction {
  /** e.g. `c2pa.created`, `c2pa.opened`, `c2pa.color_adjustments`. */
  action: string;
  /** The tool that did it, when the manifest says. */
  softwareAgent?: string;
  /** IPTC / C2PA digital source type URI, when the manifest says. */
  digitalSourceType?: string;
}

/** What Telltale verifies offline, and what it cannot. */
export type ProvenanceCheck = 'trustList' | 'revocation' | 'remoteManifest';

export interface Provenance {
  status: ProvenanceStatus;
  /** Why it is invalid or unreadable; for `valid`, what the verification covered. */
  reason?: string;
  /** Organisation of the signing certificate (its issuer field), else its common name. */
  issuer?: string;
  /** Common name of the signing certificate. */
  signer?: string;
  /** The software that wrote the manifest (claim generator). */
  claimGenerator?: string;
  /** When it was signed (ISO 8601, from the manifest's time stamp), when known. */
  signedAt?: string;
  /** The manifest (or one it was made from) declares media made by a trained (generative) model. */
  aiGenerated: boolean;
  /** Actions of the active manifest, at most MAX_ACTIONS. */
  actions: ProvenanceAction[];
  /** Validation failure codes (C2PA), when invalid. */
  failures?: string[];
  /** Checks that were not made (offline: no trust list, no OCSP, no remote manifests). */
  notChecked: ProvenanceCheck[];
}

export const MAX_ACTIONS = 32;
export const MAX_FAILURES = 16;

/** Offline, none of these is checked: Telltale makes no network request and ships no trust list. */
export const NOT_CHECKED_OFFLINE: readonly ProvenanceCheck[] = [
  'trustList',
  'revocation',
  'remoteManifest',
];

/**
 * Digital source types of media made by a trained (generative) model: IPTC's
 * `trainedAlgorithmicMedia` and `compositeWithTrainedAlgorithmicMedia`, and C2PA's
 * `trainedAlgorithmicData`. (`algorithmicMedia` is made by an algorithm *without* training
 * data, e.g. a procedural gradient, and is not in the family.)
 */
export const AI_SOURCE_TYPES: readonly string[] = [
  'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
  'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia',
  'http://c2pa.org/digitalsourcetype/trainedAlgorithmicData',
];
