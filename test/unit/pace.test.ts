import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { concurrencyFor, paceAt } from '../../shared/platform/bulk/pace.ts';
import { peakInWindow } from '../support/peak-window.ts';

/** Starts `count` calls through a pace with `waiters` callers always waiting; returns each call's start time. */
async function startTimes(maxPerSecond: number, count: number, waiters: number, lateTimerMs = 0): Promise<number[]> {
  const pace = paceAt(maxPerSecond);
  const times: number[] = [];
  let next = 0;
  const caller = async () => {
    for (let index = next++; index < count; index = next++) {
      await pace(async () => {
        times.push(performance.now());
      });
    }
  };
  const done = Promise.all(Array.from({ length: waiters }, caller));
  // Virtual time: every timer fires `lateTimerMs` late, as on a busy event loop.
  while (times.length < count) await vi.advanceTimersByTimeAsync(1 + lateTimerMs);
  await done;
  return times;
}

describe('the bulk send pace', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  // p-throttle's strict mode spaced calls a whole number of milliseconds apart: 300/s ran at
  // 250/s, 700/s at 500/s, and nothing ran past 1,000/s.
  for (const maxPerSecond of [14, 200, 300, 700, 3000]) {
    it(`starts no more than ${maxPerSecond} calls in any one second, and at least 95% of that while callers wait`, async () => {
      const seconds = 4;
      const times = await startTimes(maxPerSecond, maxPerSecond * seconds, Math.max(16, maxPerSecond / 4));

      expect(peakInWindow(times)).toBeLessThanOrEqual(maxPerSecond);
      const rate = ((times.length - 1) * 1000) / (times.at(-1)! - times[0]!);
      expect(rate).toBeGreaterThanOrEqual(0.95 * maxPerSecond);
    });
  }

  it('keeps both bounds when every timer fires 40 ms late, making up the lost time within the window', async () => {
    const times = await startTimes(300, 1200, 300, 40);

    expect(peakInWindow(times)).toBeLessThanOrEqual(300);
    expect(((times.length - 1) * 1000) / (times.at(-1)! - times[0]!)).toBeGreaterThanOrEqual(0.95 * 300);
  });

  it('refuses a rate that is not a positive number', () => {
    expect(() => paceAt(0)).toThrow(RangeError);
    expect(() => paceAt(Number.NaN)).toThrow(RangeError);
  });
});

describe('the bulk send concurrency', () => {
  it('keeps a second of sends in flight, at least 16 and at most 512', () => {
    expect(concurrencyFor(1)).toBe(16);
    expect(concurrencyFor(14)).toBe(16);
    expect(concurrencyFor(50)).toBe(50);
    expect(concurrencyFor(200)).toBe(200);
    expect(concurrencyFor(1000)).toBe(512);
    expect(concurrencyFor(1_000_000)).toBe(512);
  });
});
