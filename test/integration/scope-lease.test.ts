/**
 * The lease a bulk run holds on its scope of ledger keys, against a real DynamoDB API
 * (dynalite): one holder at a time, waiting for the holder to let go, takeover after it
 * runs out, and a holder that knows when it can no longer be sure it holds it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScopeLease } from '../../shared/platform/bulk/scope-lease.ts';
import { ClaimLeaseRepository, SCOPE_LEASE_SECONDS } from '../../shared/platform/dynamodb/claim-leases.ts';
import { type DynaliteTable, startDynaliteTable } from '../support/dynalite-table.ts';

const TABLE = 'lease-test';
const T0 = new Date('2022-10-05T15:00:00Z');
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
let table: DynaliteTable;
let leases: ClaimLeaseRepository;

beforeAll(async () => {
  table = await startDynaliteTable(TABLE);
  leases = new ClaimLeaseRepository(table.client, TABLE);
});
afterAll(() => table.stop());

const acquire = (scope: string, now: () => Date, waitMs = 0, renewEveryMs?: number) =>
  ScopeLease.acquire({
    leases,
    scope,
    now,
    waitUntil: performance.now() + waitMs,
    pollEveryMs: 20,
    ...(renewEveryMs ? { renewEveryMs } : {}),
  });

describe('scope leases', () => {
  it('lets one holder at a time claim a scope, and gives up waiting at the deadline', async () => {
    const first = await acquire('scope-a', () => T0);
    const second = await acquire('scope-a', () => T0, 100);

    expect(first?.held()).toBe(true);
    expect(second).toBeUndefined();
    const other = await acquire('scope-b', () => T0);
    expect(other?.held()).toBe(true);
    await Promise.all([first!.release(), other!.release()]);
  });

  it('hands the scope to a waiting run as soon as the holder lets go', async () => {
    const first = (await acquire('scope-c', () => T0))!;
    const waiting = acquire('scope-c', () => T0, 5_000);
    setTimeout(() => void first.release(), 100);

    const second = await waiting;

    expect(second?.held()).toBe(true);
    expect(first.held()).toBe(false);
    await second!.release();
  });

  it('lets another run take over a lease that ran out, and its old holder learns it on renewal', async () => {
    const first = (await acquire('scope-d', () => T0, 0, 20))!;
    const second = await acquire('scope-d', () => later(SCOPE_LEASE_SECONDS + 1));
    for (let waited = 0; first.held() && waited < 5_000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));

    expect(second?.held()).toBe(true);
    expect(first.held()).toBe(false);
    await second!.release();
  });

  it('gives a lease up only for the token that holds it', async () => {
    const holder = (await acquire('scope-f', () => T0))!;

    await leases.release('scope-f', 'not-the-holder');

    expect(await acquire('scope-f', () => T0)).toBeUndefined();
    await holder.release();
    expect(await acquire('scope-f', () => T0)).toBeDefined();
  });

  it('stops counting on a lease its clock says could run out soon, before anyone can take it over', async () => {
    let now = T0;
    const lease = (await acquire('scope-e', () => now))!;
    now = later(SCOPE_LEASE_SECONDS - 30);
    expect(lease.held()).toBe(true);

    now = later(SCOPE_LEASE_SECONDS - 10);

    expect(lease.held()).toBe(false);
    expect(await leases.acquire('scope-e', 'another', later(SCOPE_LEASE_SECONDS - 10))).toBe(false);
    await lease.release();
  });
});
