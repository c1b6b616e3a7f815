import { describe, expect, it } from 'vitest';
import { LocalEventBus } from '../../infra/local/event-bus.ts';
import type { LocalFunctions } from '../../infra/local/functions.ts';
import type { EventRule } from '../../infra/routing.ts';

const rule: EventRule = {
  id: 'TestRule',
  description: 'test',
  pattern: { source: ['test.source'], 'detail-type': ['Thing'] },
  target: 'sendReceipt',
  retryAttempts: 2,
  maxEventAgeHours: 24,
};

function functionsThatFail(times: number) {
  const calls: unknown[] = [];
  const functions = {
    invoke: async (_name: string, event: unknown) => {
      calls.push(event);
      if (calls.length <= times) throw new Error(`failure ${calls.length}`);
      return 'ok';
    },
  } as unknown as LocalFunctions;
  return { functions, calls };
}

const entry = { Source: 'test.source', DetailType: 'Thing', Detail: '{"n":1}', EventBusName: 'bus' };

describe('the local event bus', () => {
  it('retries a failing target and delivers once it succeeds', async () => {
    const { functions, calls } = functionsThatFail(2);
    const bus = new LocalEventBus(
      { busName: 'bus', functions, now: () => new Date('2022-09-01T00:00:00Z'), retryBaseMs: 1 },
      [rule],
    );

    bus.putEvents([entry]);
    await bus.whenIdle();

    expect(calls).toHaveLength(3);
    expect(bus.deliveries).toEqual([expect.objectContaining({ outcome: 'delivered', attempts: 3 })]);
    expect(bus.deadLetters).toEqual([]);
  });

  it('dead-letters an event after the rule retries run out', async () => {
    const { functions, calls } = functionsThatFail(10);
    const bus = new LocalEventBus(
      { busName: 'bus', functions, now: () => new Date('2022-09-01T00:00:00Z'), retryBaseMs: 1 },
      [rule],
    );

    bus.putEvents([entry]);
    await bus.whenIdle();

    expect(calls).toHaveLength(3);
    expect(bus.deadLetters).toEqual([
      expect.objectContaining({ rule: 'TestRule', attempts: 3, error: 'Error: failure 3' }),
    ]);
  });

  it('delivers an EventBridge envelope only to rules whose pattern matches', async () => {
    const { functions, calls } = functionsThatFail(0);
    const bus = new LocalEventBus({ busName: 'bus', functions, now: () => new Date('2022-09-01T12:00:00Z') }, [rule]);

    bus.putEvents([entry, { ...entry, DetailType: 'Other' }]);
    await bus.whenIdle();

    expect(calls).toEqual([
      expect.objectContaining({
        version: '0',
        source: 'test.source',
        'detail-type': 'Thing',
        detail: { n: 1 },
        time: '2022-09-01T12:00:00Z',
      }),
    ]);
  });

  it('refuses entries for another bus or without a detail', () => {
    const { functions } = functionsThatFail(0);
    const bus = new LocalEventBus({ busName: 'bus', functions, now: () => new Date() }, [rule]);

    const result = bus.putEvents([
      { ...entry, EventBusName: 'elsewhere' },
      { Source: 'a', DetailType: 'b' },
    ]);

    expect(result.FailedEntryCount).toBe(2);
    expect(result.Entries.map((item) => item.ErrorCode)).toEqual(['ResourceNotFoundException', 'InvalidArgument']);
    expect(() => bus.putEvents([])).toThrow(RangeError);
  });
});
