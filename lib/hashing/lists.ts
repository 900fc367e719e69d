/**
 * Hash lists: import and export of PDQ hash lists as CSV, JSON or ThreatExchange's
 * plain-text signal format.
 *
 * Imports are strict and all-or-nothing: any malformed line fails the whole import with
 * line-numbered errors, and nothing is returned that could be half-applied. The parsers
 * never copy unknown keys from input objects, so hostile JSON (`__proto__`,
 * `constructor`) is reported as an unknown field rather than reaching a prototype.
 *
 * Formats:
 * - CSV: optional header naming columns from hash,label,source,url,kind (any order);
 *   without a header, cells are positional in that order. RFC 4180 quoting.
 * - JSON: an array of entries (objects, or bare hex strings), or
 *   `{"format":"telltale-hash-list","version":1,"entries":[...]}` as exported here.
 * - Text: one signal per line as python-threatexchange's LocalFileSignalExchangeAPI
 *   reads and writes them, `<signal_type> <signal>` or a bare signal, with signal types
 *   `pdq` (64 hex digits) and `vpdq` (one frame hash, or python-threatexchange's vPDQ
 *   signal: a JSON list of "hex,quality,seconds" strings, expanded to one entry per
 *   distinct frame of quality >= 50, the frames upstream's matcher would use).
 *   Telltale extension: label, source and URL may follow the signal, tab-separated.
 *   Lines starting with # are comments.
 */

import { isPdqHex, PDQ_MIN_QUALITY } from './hash256';
import { csvCell, parseCsv } from './csv';

/** What a hash stands for: a still image (PDQ) or a frame of a known video (vPDQ). */
export type HashKind = 'pdq' | 'vpdq';

/** One list entry. Optional text fields are absent rather than empty. */
export interface HashListEntry {
  /** 64 lowercase hex digits. */
  hash: string;
  label?: string;
  source?: string;
  /** An http(s) URL, normalised by the URL parser. */
  url?: string;
  kind?: HashKind;
}

export type HashListFormat = 'csv' | 'json' | 'text';

/** Import outcome: every entry, or every problem found (capped), never both. */
export type HashListImport =
  { ok: true; format: HashListFormat; entries: HashListEntry[] } | { ok: false; errors: string[] };

export interface HashListImportOptions {
  /** Input format; 'auto' (default) picks JSON for [ or {, CSV for a comma, else text. */
  format?: HashListFormat | 'auto';
  /** Reject inputs longer than this many UTF-16 units (default 128 Mi). */
  maxChars?: number;
  /** Reject lists with more entries than this (default 2,000,000). */
  maxEntries?: number;
}

const DEFAULT_MAX_CHARS = 128 * 1024 * 1024;
const DEFAULT_MAX_ENTRIES = 2_000_000;
const MAX_ERRORS = 100;
const MAX_LABEL = 256;
const MAX_SOURCE = 256;
const MAX_URL = 2048;
const FIELDS = ['hash', 'label', 'source', 'url', 'kind'] as const;
type Field = (typeof FIELDS)[number];
/** Identifies JSON written by {@link exportHashList}. */
export const JSON_FORMAT_ID = 'telltale-hash-list';
const JSON_VERSION = 1;

// C0/C1 controls, DEL, and bidi overrides/isolates (which could disguise a label in the UI).
// eslint-disable-next-line no-control-regex
const UNSAFE_TEXT = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Collects errors up to a cap so a hostile file cannot make an unbounded error list. */
class Errors {
  readonly list: string[] = [];
  add(message: string): void {
    if (this.list.length < MAX_ERRORS) this.list.push(message);
    else if (this.list.length === MAX_ERRORS) this.list.push('too many errors; stopped listing');
  }
  get full(): boolean {
    return this.list.length > MAX_ERRORS;
  }
}

/** Raw field values of one record before validation; undefined means absent. */
type RawEntry = Partial<Record<Field, unknown>>;

/**
 * Validates one record into an entry, reporting problems as `${where}: ...`. Strings are
 * trimmed; empty strings and null count as absent for the optional fields.
 */
function toEntry(raw: RawEntry, where: string, errors: Errors): HashListEntry | undefined {
  const before = errors.list.length;
  const entry: HashListEntry = { hash: '' };
  const hash = raw.hash;
  if (typeof hash !== 'string') {
    errors.add(`${where}: hash is missing`);
  } else if (!isPdqHex(hash.trim())) {
    errors.add(`${where}: hash must be 64 hex digits (got ${describe(hash)})`);
  } else {
    entry.hash = hash.trim().toLowerCase();
  }
  const text = (field: 'label' | 'source' | 'url', max: number): string | undefined => {
    const value = raw[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') {
      errors.add(`${where}: ${field} must be a string`);
      return undefined;
    }
    const trimmed = value.trim();
    if (trimmed === '') return undefined;
    if (trimmed.length > max) errors.add(`${where}: ${field} is longer than ${max} characters`);
    else if (UNSAFE_TEXT.test(trimmed))
      errors.add(`${where}: ${field} contains control characters`);
    else return trimmed;
    return undefined;
  };
  const label = text('label', MAX_LABEL);
  const source = text('source', MAX_SOURCE);
  const url = text('url', MAX_URL);
  if (label !== undefined) entry.label = label;
  if (source !== undefined) entry.source = source;
  if (url !== undefined) {
    const parsed = parseUrl(url);
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      errors.add(`${where}: url must be an http or https URL`);
    } else {
      entry.url = parsed.href;
    }
  }
  const kind = raw.kind;
  if (kind !== undefined && kind !== null && kind !== '') {
    if (kind === 'pdq' || kind === 'vpdq') entry.kind = kind;
    else errors.add(`${where}: kind must be "pdq" or "vpdq"`);
  }
  return errors.list.length === before ? entry : undefined;
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** A short, safe rendering of a bad value for an error message. */
function describe(value: string): string {
  const shown = JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value);
  return `${shown}, ${value.length} characters`;
}

/** Guesses the format from the first non-blank characters. */
export function detectHashListFormat(input: string): HashListFormat {
  const body = input.replace(/^\uFEFF/, '').trimStart();
  if (body.startsWith('[') || body.startsWith('{')) return 'json';
  let first: string | undefined;
  // Lazily, so sniffing a 100 MB list does not split all of it.
  for (const [line] of body.matchAll(/[^\r\n]+/g)) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    first = line;
    break;
  }
  // A vPDQ text signal holds commas inside its JSON list, so check for a signal type first.
  if (first === undefined || /^(pdq|vpdq) /.test(first)) return 'text';
  return first.includes(',') ? 'csv' : 'text';
}

/**
 * Parses a hash list. Succeeds only if every record is valid; otherwise returns all
 * errors found (up to 100) with line numbers (CSV, text) or entry indexes (JSON).
 */
export function importHashList(input: string, options: HashListImportOptions = {}): HashListImport {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  if (typeof input !== 'string') return { ok: false, errors: ['input is not text'] };
  if (input.length > maxChars) {
    return { ok: false, errors: [`input is larger than the ${maxChars}-character limit`] };
  }
  const body = input.replace(/^\uFEFF/, '');
  const format =
    !options.format || options.format === 'auto' ? detectHashListFormat(body) : options.format;
  const errors = new Errors();
  const entries =
    format === 'json'
      ? importJson(body, errors, maxEntries)
      : format === 'csv'
        ? importCsv(body, errors, maxEntries)
        : importText(body, errors, maxEntries);
  if (errors.list.length > 0 || !entries) {
    return { ok: false, errors: errors.list.length > 0 ? errors.list : ['no entries'] };
  }
  return { ok: true, format, entries };
}

function tooMany(count: number, maxEntries: number, errors: Errors): boolean {
  if (count <= maxEntries) return false;
  errors.add(`more than ${maxEntries} entries`);
  return true;
}

function importCsv(body: string, errors: Errors, maxEntries: number): HashListEntry[] | undefined {
  const parsed = parseCsv(body);
  if (!parsed.ok) {
    errors.add(parsed.error);
    return undefined;
  }
  const rows = parsed.rows;
  let columns: Field[] = [...FIELDS];
  let first = 0;
  const head = rows[0];
  // A header names a "hash" column and holds no hash itself (a label may say "hash").
  if (head && head.cells.some((c) => c.toLowerCase() === 'hash') && !head.cells.some(isPdqHex)) {
    first = 1;
    columns = [];
    for (const cell of head.cells) {
      const name = cell.toLowerCase();
      if (!(FIELDS as readonly string[]).includes(name)) {
        errors.add(
          `line ${head.line}: unknown column ${describe(cell)} (expected ${FIELDS.join(', ')})`,
        );
      } else if (columns.includes(name as Field)) {
        errors.add(`line ${head.line}: column "${name}" appears twice`);
      } else {
        columns.push(name as Field);
      }
    }
    if (errors.list.length > 0) return undefined;
  }
  if (tooMany(rows.length - first, maxEntries, errors)) return undefined;
  const entries: HashListEntry[] = [];
  for (let r = first; r < rows.length && !errors.full; r++) {
    const { line, cells } = rows[r]!;
    const where = `line ${line}`;
    if (first === 1 ? cells.length !== columns.length : cells.length > columns.length) {
      errors.add(
        `${where}: expected ${first === 1 ? '' : 'at most '}${columns.length} cells, got ${cells.length}`,
      );
      continue;
    }
    const raw: RawEntry = {};
    cells.forEach((cell, c) => {
      raw[columns[c]!] = cell;
    });
    const entry = toEntry(raw, where, errors);
    if (entry) entries.push(entry);
  }
  return entries;
}

function importJson(body: string, errors: Errors, maxEntries: number): HashListEntry[] | undefined {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (e) {
    errors.add(`invalid JSON${jsonErrorLine(body, e)}`);
    return undefined;
  }
  let list: unknown = data;
  if (isPlainObject(data)) {
    for (const key of Object.keys(data)) {
      if (key !== 'format' && key !== 'version' && key !== 'entries') {
        errors.add(`unknown top-level field ${describe(key)}`);
      }
    }
    if (Object.hasOwn(data, 'format') && data.format !== JSON_FORMAT_ID)
      errors.add(`format must be "${JSON_FORMAT_ID}"`);
    if (Object.hasOwn(data, 'version') && data.version !== JSON_VERSION)
      errors.add(`unsupported version (expected ${JSON_VERSION})`);
    list = Object.hasOwn(data, 'entries') ? data.entries : undefined;
  }
  if (!Array.isArray(list)) {
    errors.add('expected an array of entries');
    return undefined;
  }
  if (errors.list.length > 0 || tooMany(list.length, maxEntries, errors)) return undefined;
  const entries: HashListEntry[] = [];
  for (let i = 0; i < list.length && !errors.full; i++) {
    const item: unknown = list[i];
    const where = `entries[${i}]`;
    let raw: RawEntry;
    if (typeof item === 'string') {
      raw = { hash: item };
    } else if (isPlainObject(item)) {
      raw = {};
      let unknown = false;
      for (const key of Object.keys(item)) {
        if ((FIELDS as readonly string[]).includes(key)) raw[key as Field] = item[key];
        else {
          errors.add(`${where}: unknown field ${describe(key)}`);
          unknown = true;
        }
      }
      if (unknown) continue;
    } else {
      errors.add(`${where}: expected an object or a hex string`);
      continue;
    }
    const entry = toEntry(raw, where, errors);
    if (entry) entries.push(entry);
  }
  return entries;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** " at line N" from a JSON.parse error that reports a character position. */
function jsonErrorLine(body: string, error: unknown): string {
  const match = /position (\d+)/.exec(error instanceof Error ? error.message : '');
  if (!match) return '';
  const position = Number(match[1]);
  return ` at line ${body.slice(0, position).split('\n').length}`;
}

function importText(body: string, errors: Errors, maxEntries: number): HashListEntry[] | undefined {
  const lines = body.split(/\r\n|\n|\r/);
  const entries: HashListEntry[] = [];
  for (let i = 0; i < lines.length && !errors.full; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const where = `line ${i + 1}`;
    const [signalPart = '', label, source, url, ...extra] = line.split('\t');
    if (extra.length > 0) {
      errors.add(`${where}: too many tab-separated fields (signal, label, source, url)`);
      continue;
    }
    let kind: HashKind | undefined;
    let signal = signalPart.trim();
    const space = signal.indexOf(' ');
    if (space >= 0) {
      const type = signal.slice(0, space);
      if (type !== 'pdq' && type !== 'vpdq') {
        errors.add(`${where}: unsupported signal type ${describe(type)} (expected pdq or vpdq)`);
        continue;
      }
      kind = type;
      signal = signal.slice(space + 1).trim();
    }
    const meta = { label, source, url, kind };
    if (kind === 'vpdq' && signal.startsWith('[')) {
      for (const hash of vpdqSignalHashes(signal, where, errors)) {
        const entry = toEntry({ ...meta, hash }, where, errors);
        if (entry) entries.push(entry);
      }
    } else {
      const entry = toEntry({ ...meta, hash: signal }, where, errors);
      if (entry) entries.push(entry);
    }
    if (tooMany(entries.length, maxEntries, errors)) return undefined;
  }
  return entries;
}

/**
 * Frame hashes of a python-threatexchange vPDQ signal (`json.dumps` of
 * "hex,quality,seconds" strings), deduplicated and without frames below quality 50.
 */
function vpdqSignalHashes(signal: string, where: string, errors: Errors): string[] {
  let frames: unknown;
  try {
    frames = JSON.parse(signal);
  } catch {
    errors.add(`${where}: vpdq signal is not valid JSON`);
    return [];
  }
  if (!Array.isArray(frames)) {
    errors.add(`${where}: vpdq signal must be a JSON list`);
    return [];
  }
  const hashes = new Set<string>();
  for (let f = 0; f < frames.length; f++) {
    const frame: unknown = frames[f];
    const parts = typeof frame === 'string' ? frame.split(',') : [];
    const [hash = '', quality = '', seconds = ''] = parts;
    if (
      parts.length !== 3 ||
      !isPdqHex(hash) ||
      !/^\d{1,3}$/.test(quality) ||
      !(Number(seconds) >= 0)
    ) {
      errors.add(`${where}: vpdq frame ${f} is not "hex,quality,seconds"`);
      return [];
    }
    if (Number(quality) >= PDQ_MIN_QUALITY) hashes.add(hash.toLowerCase());
  }
  return [...hashes];
}

/** Writes entries in the given format; importing the result gives the same entries. */
export function exportHashList(entries: readonly HashListEntry[], format: HashListFormat): string {
  if (format === 'json') {
    const lines = entries.map((e) => JSON.stringify(pickEntry(e)));
    const head = `{"format":"${JSON_FORMAT_ID}","version":${JSON_VERSION},"entries":[`;
    return lines.length === 0 ? `${head}]}\n` : `${head}\n${lines.join(',\n')}\n]}\n`;
  }
  if (format === 'csv') {
    const rows = entries.map((e) =>
      [e.hash, e.label ?? '', e.source ?? '', e.url ?? '', e.kind ?? ''].map(csvCell).join(','),
    );
    return `${FIELDS.join(',')}\n${rows.map((r) => `${r}\n`).join('')}`;
  }
  return entries
    .map((e) => {
      const meta = [e.label ?? '', e.source ?? '', e.url ?? ''];
      while (meta.length > 0 && meta[meta.length - 1] === '') meta.pop();
      const signal = e.kind ? `${e.kind} ${e.hash}` : e.hash;
      return `${[signal, ...meta].join('\t')}\n`;
    })
    .join('');
}

/** The entry's known fields only, in a fixed order. */
export function pickEntry(e: HashListEntry): HashListEntry {
  const out: HashListEntry = { hash: e.hash };
  if (e.label !== undefined) out.label = e.label;
  if (e.source !== undefined) out.source = e.source;
  if (e.url !== undefined) out.url = e.url;
  if (e.kind !== undefined) out.kind = e.kind;
  return out;
}
