import { describe, expect, it } from 'vitest';
import {
  isAiSourceType,
  provenanceFromError,
  provenanceFromStore,
} from '@/lib/provenance/from-manifest-store';
import { parseProvenance } from '@/lib/provenance/parse-provenance';

const IPTC = 'http://cv.iptc.org/newscodes/digitalsourcetype/';

/** A ManifestStore shaped as @contentauth/c2pa-web 0.13 returns it (fields trimmed). */
function store(overrides: {
  state?: string;
  actions?: unknown[];
  ingredientActions?: unknown[];
  failure?: unknown[];
  signature?: unknown;
  generator?: Record<string, unknown>;
}) {
  const active = {
    ...(overrides.generator ?? { claim_generator: 'TestApp c2patool/0.6.2 c2pa-rs/0.28.2' }),
    assertions: [
      { label: 'stds.schema-org.CreativeWork', data: { author: [{ name: 'Joe' }] } },
      { label: 'c2pa.actions.v2', data: { actions: overrides.actions ?? [] } },
    ],
    signature_info: overrides.signature ?? {
      alg: 'Es256',
      issuer: 'C2PA Test Signing Cert',
      common_name: 'C2PA Signer',
      time: '2023-12-02T16:34:19+00:00',
    },
  };
  return {
    active_manifest: 'urn:active',
    manifests: {
      'urn:active': active,
      'urn:ingredient': {
        assertions: [
          { label: 'c2pa.actions', data: { actions: overrides.ingredientActions ?? [] } },
        ],
      },
    },
    validation_state: overrides.state ?? 'Valid',
    validation_results: { activeManifest: { success: [], failure: overrides.failure ?? [] } },
  };
}

describe('provenanceFromStore', () => {
  it('is none when the library found no manifest', () => {
    const p = provenanceFromStore(null);
    expect(p).toMatchObject({ status: 'none', aiGenerated: false, actions: [] });
  });

  it('reads signer, generator, time and actions of a valid manifest, and says what was not checked', () => {
    const p = provenanceFromStore(
      store({ actions: [{ action: 'c2pa.opened' }, { action: 'c2pa.color_adjustments' }] }),
    );
    expect(p.status).toBe('valid');
    expect(p.issuer).toBe('C2PA Test Signing Cert');
    expect(p.signer).toBe('C2PA Signer');
    expect(p.claimGenerator).toBe('TestApp c2patool/0.6.2 c2pa-rs/0.28.2');
    expect(p.signedAt).toBe('2023-12-02T16:34:19.000Z');
    expect(p.actions.map((a) => a.action)).toEqual(['c2pa.opened', 'c2pa.color_adjustments']);
    expect(p.aiGenerated).toBe(false);
    expect(p.notChecked).toEqual(['trustList', 'revocation', 'remoteManifest']);
    expect(p.reason).toMatch(/trust list/);
  });

  it('flags the trainedAlgorithmicMedia family, in the active manifest or an ingredient', () => {
    for (const type of ['trainedAlgorithmicMedia', 'compositeWithTrainedAlgorithmicMedia']) {
      const own = provenanceFromStore(
        store({ actions: [{ action: 'c2pa.created', digitalSourceType: IPTC + type }] }),
      );
      expect(own.aiGenerated, type).toBe(true);
    }
    const inherited = provenanceFromStore(
      store({
        actions: [{ action: 'c2pa.opened' }],
        ingredientActions: [
          { action: 'c2pa.created', digitalSourceType: `${IPTC}trainedAlgorithmicMedia` },
        ],
      }),
    );
    expect(inherited.aiGenerated).toBe(true);
  });

  it('does not flag algorithmic media made without training, nor camera captures', () => {
    for (const type of ['algorithmicMedia', 'digitalCapture', 'compositeCapture']) {
      const p = provenanceFromStore(
        store({ actions: [{ action: 'c2pa.created', digitalSourceType: IPTC + type }] }),
      );
      expect(p.aiGenerated, type).toBe(false);
    }
    expect(
      isAiSourceType(`https://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia`),
    ).toBe(true);
    expect(isAiSourceType('trainedAlgorithmicMedia')).toBe(false);
  });

  it('is invalid with the failure codes and explanation when the hashes do not match', () => {
    const p = provenanceFromStore(
      store({
        state: 'Invalid',
        failure: [
          {
            code: 'assertion.dataHash.mismatch',
            explanation:
              'asset hash error, name: jumbf manifest, error: hash verification( Hashes do not match )',
          },
        ],
      }),
    );
    expect(p.status).toBe('invalid');
    expect(p.failures).toEqual(['assertion.dataHash.mismatch']);
    expect(p.reason).toMatch(/^assertion\.dataHash\.mismatch: asset hash error/);
    expect(p.issuer).toBe('C2PA Test Signing Cert');
  });

  it('is invalid when a failure is listed even if the state says valid', () => {
    const p = provenanceFromStore(store({ failure: [{ code: 'claimSignature.mismatch' }] }));
    expect(p.status).toBe('invalid');
  });

  it('names the generator from claim_generator_info when claim_generator is absent (v2 claims)', () => {
    const p = provenanceFromStore(
      store({
        generator: { claim_generator_info: [{ name: 'Adobe Photoshop', version: '26.9.0' }] },
      }),
    );
    expect(p.claimGenerator).toBe('Adobe Photoshop 26.9.0');
  });

  it('turns malformed stores into invalid, never throwing', () => {
    for (const bad of [
      42,
      'text',
      [],
      {},
      { active_manifest: 'x', manifests: {} },
      { active_manifest: '__proto__', manifests: {} },
      {
        active_manifest: 'a',
        manifests: { a: { assertions: 'nope', signature_info: { time: 'never' } } },
      },
    ]) {
      const p = provenanceFromStore(bad);
      expect(p.status, JSON.stringify(bad)).toBe('invalid');
      expect(p.reason).toBeTruthy();
      expect(p.signedAt).toBeUndefined();
    }
  });

  it('bounds text written by whoever made the file', () => {
    const long = 'x'.repeat(10_000);
    const p = provenanceFromStore(
      store({
        actions: Array.from({ length: 100 }, () => ({ action: long, softwareAgent: long })),
        signature: { issuer: long },
      }),
    );
    expect(p.actions).toHaveLength(32);
    expect(p.actions[0]?.action.length).toBeLessThanOrEqual(128);
    expect(p.issuer?.length).toBeLessThanOrEqual(256);
  });
});

describe('provenanceFromError', () => {
  it('calls the library errors for a broken asset or manifest invalid, with the reason', () => {
    for (const message of [
      'C2pa(InvalidAsset("Could not parse input JPEG"))',
      'C2pa(InvalidAsset("Box size extends beyond asset bounds"))',
      'C2pa(JumbfParseError(UnexpectedEof))',
    ]) {
      const p = provenanceFromError(new Error(message));
      expect(p.status).toBe('invalid');
      expect(p.reason).toContain(message);
    }
  });

  it('calls refused formats, sizes and a reader that did not start unreadable', () => {
    const unsupported = Object.assign(new Error('Unsupported format: text/plain.'), {
      name: 'UnsupportedFormatError',
    });
    expect(provenanceFromError(unsupported).status).toBe('unreadable');
    expect(provenanceFromError(new Error('starting the C2PA reader timed out')).status).toBe(
      'unreadable',
    );
    expect(provenanceFromError('boom').status).toBe('unreadable');
  });
});

describe('parseProvenance', () => {
  it('accepts what the mapping produces', () => {
    const p = provenanceFromStore(
      store({
        actions: [{ action: 'c2pa.created', softwareAgent: { name: 'Firefly', version: '1' } }],
      }),
    );
    expect(parseProvenance(JSON.parse(JSON.stringify(p)))).toEqual(p);
  });

  it('refuses bad types, statuses, dates and over-long lists', () => {
    const ok = { status: 'valid', aiGenerated: false, actions: [], notChecked: [] };
    expect(() => parseProvenance({ ...ok, status: 'trusted' })).toThrow(/status/);
    expect(() => parseProvenance({ ...ok, aiGenerated: 'yes' })).toThrow(/aiGenerated/);
    expect(() => parseProvenance({ ...ok, signedAt: 'soon' })).toThrow(/signedAt/);
    expect(() => parseProvenance({ ...ok, actions: Array(33).fill({ action: 'a' }) })).toThrow(
      /actions/,
    );
    expect(() => parseProvenance({ ...ok, notChecked: ['everything'] })).toThrow(/notChecked/);
    expect(() => parseProvenance({ ...ok, issuer: 'x'.repeat(300) })).toThrow(/issuer/);
  });

  it('drops unknown keys', () => {
    const p = parseProvenance({
      status: 'none',
      aiGenerated: false,
      actions: [],
      notChecked: [],
      extra: 1,
    });
    expect(p).not.toHaveProperty('extra');
  });
});
