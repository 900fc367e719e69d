import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BYTES, isStillImage, refuseFile } from '@/lib/local-files/file-gate';
import { localPage, parseLocalStart } from '@/lib/messaging/triage-protocol';

describe('refuseFile', () => {
  it('lets videos through, by type or by extension', () => {
    expect(refuseFile({ name: 'a.mp4', size: 10, type: 'video/mp4' })).toBeNull();
    expect(refuseFile({ name: 'a.webm', size: 10, type: '' })).toBeNull();
    expect(refuseFile({ name: 'clip.MOV', size: 10, type: 'application/octet-stream' })).toBeNull();
  });

  it('refuses empty, huge and non-video files with a reason', () => {
    expect(refuseFile({ name: 'a.mp4', size: 0, type: 'video/mp4' })).toMatch(/Empty/);
    expect(refuseFile({ name: 'a.mp4', size: DEFAULT_MAX_BYTES + 1, type: 'video/mp4' })).toMatch(
      /Too large \(2\.0 GiB; the limit is 2\.0 GiB\)/,
    );
    expect(refuseFile({ name: 'a.mp4', size: 200, type: 'video/mp4' }, 100)).toMatch(/Too large/);
    expect(refuseFile({ name: 'notes.txt', size: 10, type: 'text/plain' })).toMatch(
      /Not a video or image file \(text\/plain\)/,
    );
    expect(refuseFile({ name: 'noext', size: 10, type: '' })).toMatch(/Not a video or image file/);
  });
});

describe('local page context', () => {
  const file = { name: 'clip one.mp4', size: 1234, lastModified: 1_700_000_000_000 };

  it('gives the same file the same media id, and a changed file another', () => {
    const page = localPage(file);
    expect(page).toMatchObject({
      url: 'local:clip%20one.mp4',
      title: 'clip one.mp4',
      site: 'generic',
    });
    expect(page.mediaId).toMatch(/^file:[0-9a-f]{16}$/);
    expect(localPage({ ...file }).mediaId).toBe(page.mediaId);
    expect(localPage({ ...file, size: 1235 }).mediaId).not.toBe(page.mediaId);
  });

  it('validates bg:localStart payloads', () => {
    const good = { videoId: 'v0123', file, width: 640, height: 360 };
    expect(parseLocalStart({ ...good, extra: 1 })).toEqual(good);
    expect(() => parseLocalStart({ ...good, videoId: '../x' })).toThrow(/videoId/);
    expect(() => parseLocalStart({ ...good, file: { ...file, name: 'x'.repeat(600) } })).toThrow(
      /file.name/,
    );
    expect(() => parseLocalStart({ ...good, file: { ...file, size: -1 } })).toThrow(/file.size/);
  });
});

describe('still images (Content Credentials only)', () => {
  it('accepts images, by type or by name, and knows they are images', () => {
    expect(refuseFile({ name: 'XCA.jpg', size: 10, type: 'image/jpeg' })).toBeNull();
    expect(refuseFile({ name: 'x.webp', size: 10, type: '' })).toBeNull();
    expect(isStillImage({ name: 'XCA.jpg', type: 'image/jpeg' })).toBe(true);
    expect(isStillImage({ name: 'x.PNG', type: '' })).toBe(true);
    expect(isStillImage({ name: 'clip.mp4', type: 'video/mp4' })).toBe(false);
    expect(isStillImage({ name: 'x.jpg', type: 'video/mp4' })).toBe(false);
  });
});
