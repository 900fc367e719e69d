import { describe, expect, it } from 'vitest';
import { HostWatchdog } from '../../../lib/sampling/host-watchdog';

const options = { silenceMs: 1000, asksBeforeLost: 2 };

describe('HostWatchdog', () => {
  it('stays quiet while frames are answered', () => {
    const dog = new HostWatchdog(options);
    for (let t = 0; t < 10_000; t += 100) {
      dog.sent(t);
      if (t % 300 === 0) dog.acked();
      expect(dog.check(t)).toBe('none');
    }
  });

  it('stays quiet when nothing is sent (paused video)', () => {
    const dog = new HostWatchdog(options);
    expect(dog.check(50_000)).toBe('none');
  });

  it('asks after a silence, at most once per silence period, then says lost once', () => {
    const dog = new HostWatchdog(options);
    dog.sent(0);
    const actions: string[] = [];
    for (let t = 0; t <= 6000; t += 100) {
      dog.sent(t);
      const action = dog.check(t);
      if (action !== 'none') actions.push(`${t}:${action}`);
    }
    expect(actions).toEqual(['1000:ask', '2000:ask', '3000:lost']);
    expect(dog.lost).toBe(true);
  });

  it('an ack after an ask resets it', () => {
    const dog = new HostWatchdog(options);
    dog.sent(0);
    expect(dog.check(1000)).toBe('ask');
    dog.acked();
    expect(dog.lost).toBe(false);
    dog.sent(1100);
    expect(dog.check(1500)).toBe('none');
    expect(dog.check(2100)).toBe('ask');
  });
});
