import { describe, expect, it } from 'vitest';
import { retryWhileThrottled } from '../../shared/platform/email/throttling.ts';

const throttled = () =>
  Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'TooManyRequestsException' });

/** A request that fails with the given errors in turn, then answers "sent". */
function requestFailingWith(...errors: Error[]) {
  const calls: number[] = [];
  const request = async () => {
    calls.push(calls.length + 1);
    const error = errors[calls.length - 1];
    if (error) throw error;
    return 'sent';
  };
  return { request, calls };
}

describe('retryWhileThrottled', () => {
  it('sends again after waits that double (jittered between half and all of each), while SES refuses for its rate', async () => {
    const waits: number[] = [];
    const { request, calls } = requestFailingWith(throttled(), throttled(), throttled());

    const answer = await retryWhileThrottled(request, {
      firstDelayMs: 100,
      maxDelayMs: 300,
      sleep: async (ms) => void waits.push(ms),
    });

    expect(answer).toBe('sent');
    expect(calls).toEqual([1, 2, 3, 4]);
    expect(waits).toHaveLength(3);
    const ceilings = [100, 200, 300];
    waits.forEach((wait, index) => {
      expect(wait).toBeGreaterThanOrEqual(ceilings[index]! / 2);
      expect(wait).toBeLessThanOrEqual(ceilings[index]!);
    });
  });

  it('throws any other error at once, without waiting', async () => {
    const waits: number[] = [];
    const rejected = Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' });
    const { request, calls } = requestFailingWith(rejected);

    await expect(retryWhileThrottled(request, { sleep: async (ms) => void waits.push(ms) })).rejects.toBe(rejected);
    expect(calls).toEqual([1]);
    expect(waits).toEqual([]);
  });

  it('gives up after its retries and throws the last refusal', async () => {
    const last = throttled();
    const { request, calls } = requestFailingWith(throttled(), throttled(), last);

    await expect(retryWhileThrottled(request, { retries: 2, sleep: async () => {} })).rejects.toBe(last);
    expect(calls).toEqual([1, 2, 3]);
  });
});
