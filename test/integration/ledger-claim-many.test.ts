/**
 * Batched claims in the notification ledger (for a run holding its scope's lease), against
 * a real DynamoDB API (dynalite): the same outcomes as one claim at a time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM_LEASE_SECONDS, NotificationLedger } from '../../shared/platform/email/notification-ledger.ts';
import { type DynaliteTable, startDynaliteTable } from '../support/dynalite-table.ts';

const TABLE = 'ledger-batch-test';
const T0 = new Date('2022-10-05T15:00:00Z');
let table: DynaliteTable;
let ledger: NotificationLedger;

beforeAll(async () => {
  table = await startDynaliteTable(TABLE);
  ledger = new NotificationLedger(table.client, TABLE);
});
afterAll(() => table.stop());

const request = (key: string) => ({ key, kind: 'bulk-test', subjectId: 'job' });
const leaseHeld = () => true;

describe('claiming many notifications at once', () => {
  it('claims the new ones, and answers already-sent and in-progress as a single claim would', async () => {
    await ledger.recordSentMany(
      [{ key: 'many#sent', kind: 'bulk-test', subjectId: 'job', messageId: 'm-1', recipientCount: 1 }],
      T0,
    );
    const held = await ledger.claim('many#held', { kind: 'bulk-test', subjectId: 'job' }, T0);
    const expired = await ledger.claim(
      'many#expired',
      { kind: 'bulk-test', subjectId: 'job' },
      new Date(T0.getTime() - (CLAIM_LEASE_SECONDS + 1) * 1000),
    );

    const claims = await ledger.claimMany(
      [request('many#new'), request('many#sent'), request('many#held'), request('many#expired'), request('many#new')],
      T0,
      leaseHeld,
    );

    expect(held.outcome).toBe('claimed');
    expect(expired.outcome).toBe('claimed');
    expect(claims.map((claim) => claim.outcome)).toEqual([
      'claimed',
      'already-sent',
      'in-progress',
      'claimed',
      'in-progress',
    ]);
    expect(claims[1]).toEqual({ outcome: 'already-sent', messageId: 'm-1' });
    expect(await ledger.get('many#new')).toMatchObject({ status: 'claimed', kind: 'bulk-test' });
    // A claim of the batch is a claim like any other: a single claim now waits for it.
    expect((await ledger.claim('many#expired', { kind: 'bulk-test', subjectId: 'job' }, T0)).outcome).toBe(
      'in-progress',
    );
  });

  it('lets the holder of a batched claim give it back', async () => {
    const [claim] = await ledger.claimMany([request('many#released')], T0, leaseHeld);
    if (claim?.outcome !== 'claimed') throw new Error('expected a claim');

    await ledger.release('many#released', claim.token);

    expect(await ledger.get('many#released')).toBeUndefined();
  });

  it('reads and writes more than one request holds (100 reads, 25 writes)', async () => {
    const keys = Array.from({ length: 130 }, (_, index) => `many#large-${index}`);

    const claims = await ledger.claimMany(keys.map(request), T0, leaseHeld);

    expect(claims.every((claim) => claim.outcome === 'claimed')).toBe(true);
    expect(
      (await ledger.claimMany(keys.map(request), T0, leaseHeld)).every((claim) => claim.outcome === 'in-progress'),
    ).toBe(true);
  });

  it('writes no claim once the caller says its lease could have run out, and answers in-progress', async () => {
    const claims = await ledger.claimMany([request('many#late-a'), request('many#late-b')], T0, () => false);

    expect(claims.map((claim) => claim.outcome)).toEqual(['in-progress', 'in-progress']);
    expect(await ledger.get('many#late-a')).toBeUndefined();
    expect(await ledger.get('many#late-b')).toBeUndefined();
  });
});
