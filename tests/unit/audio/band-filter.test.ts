import { describe, expect, it } from 'vitest';
import { BandFilter } from '../../../lib/audio/band-filter';
import { AudioTrackBuilder } from '../../../lib/audio/track-builder';
import { blockDb } from '../../../lib/audio/envelope';

const RATE = 16000;

function tone(hz: number, seconds: number, amplitude = 0.5): Float32Array {
  return Float32Array.from(
    { length: Math.round(seconds * RATE) },
    (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / RATE),
  );
}

/** Level after the filter relative to before, dB (the filter's start-up skipped). */
function gainDb(hz: number): number {
  const input = tone(hz, 0.5);
  const output = new BandFilter().process(input);
  return blockDb(output, 2000) - blockDb(input, 2000);
}

describe('1-3 kHz band filter', () => {
  it('passes the band and attenuates voicing and hiss', () => {
    expect(Math.abs(gainDb(1800))).toBeLessThan(1.5);
    expect(gainDb(200)).toBeLessThan(-20);
    expect(gainDb(7000)).toBeLessThan(-12);
    expect(gainDb(1000)).toBeCloseTo(-3, 0);
  });

  it('gives the same output in chunks as in one piece', () => {
    const input = tone(1500, 0.3);
    const whole = new BandFilter().process(input);
    const chunked = new BandFilter();
    const parts = [chunked.process(input.subarray(0, 1000)), chunked.process(input.subarray(1000))];
    const joined = new Float32Array(input.length);
    joined.set(parts[0] as Float32Array);
    joined.set(parts[1] as Float32Array, 1000);
    for (let i = 0; i < input.length; i += 97) expect(joined[i]).toBeCloseTo(whole[i] as number, 5);
  });

  it('is in the audio track beside the broadband energy, hop for hop', () => {
    const builder = new AudioTrackBuilder();
    // A low hum then a 2 kHz tone: broadband energy alike, band energy far apart.
    builder.addPcm(0, tone(150, 1));
    builder.addPcm(1, tone(2000, 1));
    const track = builder.snapshot();
    expect(track.bandDb).toHaveLength(track.times.length);
    const at = (t: number) => track.times.findIndex((x) => x >= t);
    const hum = at(0.5);
    const band = at(1.5);
    expect(
      Math.abs((track.energyDb[hum] as number) - (track.energyDb[band] as number)),
    ).toBeLessThan(1);
    expect((track.bandDb?.[band] as number) - (track.bandDb?.[hum] as number)).toBeGreaterThan(25);
  });
});
