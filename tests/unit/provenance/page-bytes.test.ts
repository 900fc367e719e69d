import { describe, expect, it } from 'vitest';
import { parseProvenanceMessage } from '@/lib/messaging/provenance-protocol';
import { provenanceLines } from '@/lib/provenance/describe';
import { provenanceFromStore } from '@/lib/provenance/from-manifest-store';
import { pageMediaBytes } from '@/lib/sampling/media-bytes';

const ORIGIN = 'http://127.0.0.1:8000';

/** A fetch that records its calls and answers from `answer`. */
function fakeFetch(answer: (url: string, init?: RequestInit) => Response | Error) {
  const calls: { url: string; init?: RequestInit }[] = [];
  const impl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, init });
    const out = answer(url, init);
    if (out instanceof Error) throw out;
    return out;
  }) as typeof fetch;
  return { impl, calls };
}

describe('pageMediaBytes (no request of its own)', () => {
  it("reads a blob: URL's bytes from memory", async () => {
    const f = fakeFetch(() => new Response(new Uint8Array([1, 2, 3])));
    const out = await pageMediaBytes('blob:http://127.0.0.1:8000/abc', ORIGIN, f.impl);
    expect('bytes' in out && out.bytes.size).toBe(3);
  });

  it('says a MediaSource stream cannot be read', async () => {
    const f = fakeFetch(() => new TypeError('Failed to fetch'));
    const out = await pageMediaBytes('blob:http://127.0.0.1:8000/mse', ORIGIN, f.impl);
    expect(out).toEqual({ unreadable: expect.stringMatching(/MediaSource/) });
  });

  it('asks the HTTP cache only for a same-origin file, and never fetches a cross-origin one', async () => {
    const f = fakeFetch(() => new TypeError('Failed to fetch'));
    const same = await pageMediaBytes(`${ORIGIN}/media/v.mp4`, ORIGIN, f.impl);
    expect(same).toEqual({ unreadable: expect.stringMatching(/not in the browser cache/) });
    expect(f.calls).toEqual([
      { url: `${ORIGIN}/media/v.mp4`, init: { cache: 'only-if-cached', mode: 'same-origin' } },
    ]);
    const cross = await pageMediaBytes('https://cdn.example/v.mp4', ORIGIN, f.impl);
    expect(cross).toEqual({ unreadable: expect.stringMatching(/cross-origin/) });
    expect(f.calls).toHaveLength(1);
    expect(await pageMediaBytes('', ORIGIN, f.impl)).toEqual({
      unreadable: 'the video has no source URL',
    });
  });

  it('refuses files over the size limit without reading them', async () => {
    const f = fakeFetch(
      () => new Response('x', { headers: { 'content-length': String(2 * 1024 ** 3) } }),
    );
    const out = await pageMediaBytes('blob:http://127.0.0.1:8000/big', ORIGIN, f.impl);
    expect(out).toEqual({ unreadable: expect.stringMatching(/too large/) });
  });
});

describe('provenance messages from pages', () => {
  it('accepts bytes or a reason, and nothing else', () => {
    const bytes = new Blob([new Uint8Array(4)]);
    expect(parseProvenanceMessage({ kind: 'provenance', videoId: 'v1', bytes }).bytes).toBe(bytes);
    expect(
      parseProvenanceMessage({ kind: 'provenance', videoId: 'v1', unreadable: 'cross-origin' }),
    ).toEqual({ kind: 'provenance', videoId: 'v1', unreadable: 'cross-origin' });
    for (const bad of [
      { kind: 'provenance', videoId: 'v1' },
      { kind: 'provenance', videoId: 'v1', bytes, unreadable: 'x' },
      { kind: 'provenance', videoId: 'v1', bytes: 'AAAA' },
      { kind: 'provenance', videoId: '../x', unreadable: 'x' },
      { kind: 'provenance', videoId: 'v1', unreadable: 'x'.repeat(501) },
      { kind: 'frame', videoId: 'v1', unreadable: 'x' },
      null,
    ]) {
      expect(() => parseProvenanceMessage(bad)).toThrow();
    }
  });
});

describe('provenance in plain words', () => {
  const t = (key: string, sub?: string | string[]) => (sub ? `${key}(${String(sub)})` : key);
  it('says who signed and with what, that it made no risk lower, and what was not checked', () => {
    const p = provenanceFromStore({
      active_manifest: 'a',
      manifests: {
        a: {
          claim_generator: 'TestApp',
          signature_info: { issuer: 'Test CA', time: '2023-12-02T16:34:19Z' },
          assertions: [
            {
              label: 'c2pa.actions',
              data: {
                actions: [
                  {
                    action: 'c2pa.created',
                    digitalSourceType:
                      'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
                  },
                ],
              },
            },
          ],
        },
      },
      validation_state: 'Valid',
    });
    expect(provenanceLines(p, t)).toEqual([
      'provenanceStatusValid',
      'provenanceAiGenerated',
      'provenanceSignedBy(Test CA)',
      'provenanceMadeWith(TestApp)',
      'provenanceSignedAt(2023-12-02 16:34 UTC)',
      'provenanceActions(created)',
      'provenanceNotProof',
      'provenanceNotChecked',
    ]);
    expect(provenanceLines(provenanceFromStore(null), t)).toEqual(['provenanceStatusNone']);
  });
});
