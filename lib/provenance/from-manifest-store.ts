/**
 * The C2PA library's result (a ManifestStore from @contentauth/c2pa-web, or the error it threw)
 * turned into Telltale's Provenance (pure; runs in Node for tests). The manifest's contents
 * are written by whoever made the file: every field is read defensively and bounded.
 */
import {
  AI_SOURCE_TYPES,
  MAX_ACTIONS,
  MAX_FAILURES,
  NOT_CHECKED_OFFLINE,
  type Provenance,
  type ProvenanceAction,
} from './types';

const MAX_TEXT = 256;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown, max = MAX_TEXT): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, max) : undefined;
const own = (o: Obj, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);

/** A manifest's actions, from every `c2pa.actions*` assertion, in order. */
function actionsOf(manifest: Obj): Obj[] {
  const assertions = own(manifest, 'assertions');
  if (!Array.isArray(assertions)) return [];
  return assertions.flatMap((a: unknown) => {
    if (!isObj(a) || typeof a.label !== 'string' || !a.label.startsWith('c2pa.actions')) return [];
    const data = own(a, 'data');
    const list = isObj(data) ? own(data, 'actions') : undefined;
    return Array.isArray(list) ? list.filter(isObj) : [];
  });
}

function sourceType(action: Obj): string | undefined {
  const params = own(action, 'parameters');
  return (
    text(own(action, 'digitalSourceType'), 512) ??
    (isObj(params) ? text(own(params, 'digitalSourceType'), 512) : undefined)
  );
}

function agentName(v: unknown): string | undefined {
  if (isObj(v)) {
    const name = text(own(v, 'name'));
    const version = text(own(v, 'version'), 64);
    return name && version ? `${name} ${version}` : name;
  }
  return text(v);
}

function toAction(a: Obj): ProvenanceAction | null {
  const action = text(own(a, 'action'), 128);
  if (!action) return null;
  const out: ProvenanceAction = { action };
  const agent = agentName(own(a, 'softwareAgent'));
  if (agent) out.softwareAgent = agent;
  const source = sourceType(a);
  if (source) out.digitalSourceType = source;
  return out;
}

/** True when the digital source type names media made by a trained (generative) model. */
export function isAiSourceType(uri: string): boolean {
  // Some writers use https:// for the IPTC vocabulary: compare without the scheme.
  const bare = uri.replace(/^https?:\/\//, '');
  return AI_SOURCE_TYPES.some((t) => t.replace(/^https?:\/\//, '') === bare);
}

function claimGenerator(manifest: Obj): string | undefined {
  const direct = text(own(manifest, 'claim_generator'));
  if (direct) return direct;
  const info = own(manifest, 'claim_generator_info');
  return Array.isArray(info) ? agentName(info[0]) : undefined;
}

function failureCodes(store: Obj): { codes: string[]; explanation?: string } {
  const results = own(store, 'validation_results');
  const active = isObj(results) ? own(results, 'activeManifest') : undefined;
  const fromResults = isObj(active) ? own(active, 'failure') : undefined;
  const list = Array.isArray(fromResults) ? fromResults : own(store, 'validation_status');
  const entries = Array.isArray(list) ? list.filter(isObj) : [];
  const codes = entries
    .map((e) => text(own(e, 'code'), 128))
    .filter((c): c is string => c !== undefined);
  const explanation = entries.map((e) => text(own(e, 'explanation'))).find(Boolean);
  return { codes: [...new Set(codes)].slice(0, MAX_FAILURES), explanation };
}

/**
 * Provenance from a ManifestStore as the library returns it, or `none` for null (the library's
 * answer when the bytes hold no manifest).
 */
export function provenanceFromStore(store: unknown): Provenance {
  const notChecked = [...NOT_CHECKED_OFFLINE];
  if (store === null || store === undefined) {
    return { status: 'none', aiGenerated: false, actions: [], notChecked };
  }
  if (!isObj(store)) return invalid('the manifest store is not an object');
  const manifests = own(store, 'manifests');
  const label = text(own(store, 'active_manifest'), 1024);
  const active = isObj(manifests) && label ? own(manifests, label) : undefined;
  if (!isObj(manifests) || !isObj(active)) return invalid('no active manifest in the store');

  const all = Object.keys(manifests)
    .map((k) => own(manifests, k))
    .filter(isObj);
  const aiGenerated = all.some((m) =>
    actionsOf(m).some((a) => {
      const s = sourceType(a);
      return s !== undefined && isAiSourceType(s);
    }),
  );
  const out: Provenance = {
    status: 'valid',
    aiGenerated,
    actions: actionsOf(active)
      .map(toAction)
      .filter((a): a is ProvenanceAction => a !== null)
      .slice(0, MAX_ACTIONS),
    notChecked,
  };
  const sig = own(active, 'signature_info');
  if (isObj(sig)) {
    const issuer = text(own(sig, 'issuer'));
    const signer = text(own(sig, 'common_name'));
    if (issuer ?? signer) out.issuer = issuer ?? signer;
    if (signer) out.signer = signer;
    const time = text(own(sig, 'time'), 64);
    const ms = time === undefined ? NaN : Date.parse(time);
    if (Number.isFinite(ms)) out.signedAt = new Date(ms).toISOString();
  }
  const generator = claimGenerator(active);
  if (generator) out.claimGenerator = generator;

  const state = own(store, 'validation_state');
  const { codes, explanation } = failureCodes(store);
  if (state === 'Invalid' || codes.length > 0) {
    out.status = 'invalid';
    out.failures = codes;
    out.reason = explanation
      ? `${codes[0] ?? 'invalid'}: ${explanation}`.slice(0, 1000)
      : `the credential does not verify (${codes.join(', ') || 'invalid'})`;
  } else if (state === 'Valid' || state === 'Trusted') {
    out.reason =
      'signature and content hashes verify; the signer is not checked against a trust list, nor for revocation, offline';
  } else {
    out.status = 'invalid';
    out.reason = 'the library gave no validation state';
  }
  return out;

  function invalid(reason: string): Provenance {
    return { status: 'invalid', reason, aiGenerated: false, actions: [], notChecked };
  }
}

/** Errors the reader throws for input it refuses before parsing (library error names). */
const UNREADABLE_ERRORS = new Set(['UnsupportedFormatError', 'AssetTooLargeError']);

/**
 * Provenance for a read that threw. The library reports a malformed or truncated manifest or
 * asset as `C2pa(...)` errors: those are `invalid`; refused formats, sizes and a reader that
 * could not run are `unreadable`.
 */
export function provenanceFromError(error: unknown): Provenance {
  const name = error instanceof Error ? error.name : '';
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
  const notChecked = [...NOT_CHECKED_OFFLINE];
  if (/^C2pa\(/.test(message) && !UNREADABLE_ERRORS.has(name)) {
    return {
      status: 'invalid',
      reason: `malformed or truncated: ${message}`,
      aiGenerated: false,
      actions: [],
      notChecked,
    };
  }
  return { status: 'unreadable', reason: message, aiGenerated: false, actions: [], notChecked };
}

/** Provenance when the bytes could not be had at all (cross-origin media, not cached, ...). */
export function unreadableProvenance(reason: string): Provenance {
  return {
    status: 'unreadable',
    reason: reason.slice(0, 500),
    aiGenerated: false,
    actions: [],
    notChecked: [...NOT_CHECKED_OFFLINE],
  };
}
