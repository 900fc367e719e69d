/**
 * Validation of a Provenance that crossed a trust boundary (a triage import file, a message):
 * types checked, strings and lists bounded, unknown keys dropped. Throws ValidationError.
 */
import { ValidationError, oneOf, optStr, record, str } from '../messaging/validate';
import {
  MAX_ACTIONS,
  MAX_FAILURES,
  PROVENANCE_STATUSES,
  type Provenance,
  type ProvenanceAction,
  type ProvenanceCheck,
} from './types';

const CHECKS: readonly ProvenanceCheck[] = ['trustList', 'revocation', 'remoteManifest'];

function list(value: unknown, what: string, max: number): unknown[] {
  if (!Array.isArray(value)) throw new ValidationError(`${what} must be an array`);
  if (value.length > max) throw new ValidationError(`${what} has more than ${max} entries`);
  return value;
}

function action(value: unknown, what: string): ProvenanceAction {
  const a = record(value, what);
  const out: ProvenanceAction = { action: str(a.action, `${what}.action`, 128) };
  const agent = optStr(a.softwareAgent, `${what}.softwareAgent`, 256);
  if (agent !== undefined) out.softwareAgent = agent;
  const source = optStr(a.digitalSourceType, `${what}.digitalSourceType`, 512);
  if (source !== undefined) out.digitalSourceType = source;
  return out;
}

/** A validated copy of an untrusted Provenance. */
export function parseProvenance(value: unknown, what = 'provenance'): Provenance {
  const p = record(value, what);
  if (typeof p.aiGenerated !== 'boolean') {
    throw new ValidationError(`${what}.aiGenerated must be true or false`);
  }
  const out: Provenance = {
    status: oneOf(p.status, `${what}.status`, PROVENANCE_STATUSES),
    aiGenerated: p.aiGenerated,
    actions: list(p.actions, `${what}.actions`, MAX_ACTIONS).map((a, i) =>
      action(a, `${what}.actions[${i}]`),
    ),
    notChecked: list(p.notChecked ?? [], `${what}.notChecked`, CHECKS.length).map((c, i) =>
      oneOf(c, `${what}.notChecked[${i}]`, CHECKS),
    ),
  };
  for (const [field, max] of [
    ['reason', 1000],
    ['issuer', 256],
    ['signer', 256],
    ['claimGenerator', 256],
  ] as const) {
    const v = optStr(p[field], `${what}.${field}`, max);
    if (v !== undefined) out[field] = v;
  }
  const signedAt = optStr(p.signedAt, `${what}.signedAt`, 64);
  if (signedAt !== undefined) {
    if (!Number.isFinite(Date.parse(signedAt))) {
      throw new ValidationError(`${what}.signedAt is not a date`);
    }
    out.signedAt = signedAt;
  }
  if (p.failures !== undefined) {
    out.failures = list(p.failures, `${what}.failures`, MAX_FAILURES).map((f, i) =>
      str(f, `${what}.failures[${i}]`, 128),
    );
  }
  return out;
}
