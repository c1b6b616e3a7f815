/**
 * The local runtime's opt-in hooks for the season replay: a bounded bus runs at most that
 * many handlers at once (and every event still arrives), and the bus and the functions
 * report what a cost model counts only when asked.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalEventBus, type PutEventsEntryRecord } from '../../infra/local/event-bus.ts';
import { type InvocationRecord, LocalFunctions } from '../../infra/local/functions.ts';
import { type EventRule, functionDefinitions } from '../../infra/routing.ts';

const rule: EventRule = {
  id: 'TestRule',
  description: 'test',
  pattern: { source: ['test.source'], 'detail-type': ['Thing'] },
  target: 'sendReceipt',
  retryAttempts: 0,
  maxEventAgeHours: 24,
};
const entry = (n: number) => ({
  Source: 'test.source',
  DetailType: 'Thing',
  Detail: JSON.stringify({ n }),
  EventBusName: 'bus',
});
const now = () => new Date('2022-09-01T00:00:00Z');

function slowFunctions() {
  let running = 0;
  let peak = 0;
  const handled: number[] = [];
  const functions = {
    invoke: async (_name: string, event: { detail: { n: number } }) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      handled.push(event.detail.n);
      running -= 1;
      return 'ok';
    },
  } as unknown as LocalFunctions;
  return { functions, handled, peak: () => peak };
}

describe('the local runtime hooks', () => {
  it('runs at most maxConcurrentDeliveries handlers at once, and delivers every event', async () => {
    const { functions, handled, peak } = slowFunctions();
    const bus = new LocalEventBus({ busName: 'bus', functions, now, maxConcurrentDeliveries: 3 }, [rule]);

    for (let batch = 0; batch < 4; batch += 1)
      bus.putEvents(Array.from({ length: 5 }, (_, index) => entry(batch * 5 + index)));
    await bus.whenIdle();

    expect(peak()).toBe(3);
    expect(handled.sort((left, right) => left - right)).toEqual(Array.from({ length: 20 }, (_, index) => index));
  });

  it('starts every delivery at once when unbounded', async () => {
    const { functions, peak } = slowFunctions();
    const bus = new LocalEventBus({ busName: 'bus', functions, now }, [rule]);

    bus.putEvents(Array.from({ length: 10 }, (_, index) => entry(index)));
    await bus.whenIdle();

    expect(peak()).toBe(10);
  });

  it('reports each PutEvents call with its entries billing sizes, refused entries marked', () => {
    const { functions } = slowFunctions();
    const bus = new LocalEventBus({ busName: 'bus', functions, now }, []);
    const calls: Array<readonly PutEventsEntryRecord[]> = [];
    bus.observe((entries) => calls.push(entries));

    bus.putEvents([entry(1), { ...entry(2), Detail: 'not json' }]);

    expect(calls).toEqual([
      [
        { detailType: 'Thing', bytes: 14 + Buffer.byteLength('test.sourceThing{"n":1}'), accepted: true },
        { detailType: 'Thing', bytes: 14 + Buffer.byteLength('test.sourceThingnot json'), accepted: false },
      ],
    ]);
  });

  it('times each handler run for an observer, failed runs included', async () => {
    // A stand-in repository whose sendReceipt handler waits 20 ms and fails when asked.
    const root = mkdtempSync(path.join(tmpdir(), 'functions-'));
    const entry = path.join(root, functionDefinitions.sendReceipt.entry);
    mkdirSync(path.dirname(entry), { recursive: true });
    writeFileSync(
      entry,
      'export const handler = async (event) => { await new Promise((resolve) => setTimeout(resolve, 20)); if ' +
        "(event.fail) throw new Error('handler failed'); return 'done'; };\n",
    );
    const functions = new LocalFunctions(root);
    const records: InvocationRecord[] = [];
    functions.observe((record) => records.push(record));

    await functions.invoke('sendReceipt', {});
    await expect(functions.invoke('sendReceipt', { fail: true })).rejects.toThrow('handler failed');

    expect(records.map((record) => [record.name, record.ok])).toEqual([
      ['sendReceipt', true],
      ['sendReceipt', false],
    ]);
    for (const record of records) expect(record.durationMs).toBeGreaterThanOrEqual(15);
    rmSync(root, { recursive: true, force: true });
  });
});
