import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validApplication } from '../fixtures/applications.ts';
import { RuntimeHarness } from '../support/local-runtime.ts';
import { takeLogs } from '../support/logs.ts';

let harness: RuntimeHarness;

beforeAll(async () => {
  harness = await RuntimeHarness.start({ clockStart: new Date('2022-09-01T15:00:00Z') });
});
afterAll(() => harness.stop());

/** Well formed, and no such cohort on this runtime. */
const UNKNOWN = '2026-2027';
const refusal = (field: string) => ({ field, message: `no cohort ${UNKNOWN}` });

describe('a cohort the local runtime does not have', () => {
  it('is refused with 400 naming the field, in a query and in a body, and nothing is stored', async () => {
    const before = await harness.items();

    const submitted = await harness.submit({ ...validApplication('SDZ'), cohort: UNKNOWN });
    const queue = await harness.asFacilitator('GET', `/facilitator/applications?cohort=${UNKNOWN}&zone=SDZ`);
    const release = await harness.asFacilitator('POST', '/facilitator/releases', { cohort: UNKNOWN, zone: 'SDZ' });
    const move = await harness.asFacilitator('PUT', '/facilitator/sessions/2022-10-12', {
      cohort: UNKNOWN,
      start: '13:00',
      end: '15:00',
    });

    expect([submitted.status, queue.status, release.status, move.status]).toEqual([400, 400, 400, 400]);
    expect(submitted.body.errors).toEqual([refusal('cohort')]);
    expect(queue.body.errors).toEqual([refusal('query.cohort')]);
    expect(release.body.errors).toEqual([refusal('cohort')]);
    expect(move.body.errors).toEqual([refusal('cohort')]);
    expect(await harness.items()).toEqual(before);
    expect(await harness.inbox()).toEqual([]);
  });

  it('in an event: the consumer discards it and logs the field, and nothing is sent', async () => {
    const delivered = await harness.post('/_local/events', {
      Entries: [
        {
          Source: 'srsn.innovation-zones',
          DetailType: 'InvitationsDue',
          Detail: JSON.stringify({
            milestoneId: `${UNKNOWN}/invitations`,
            cohort: UNKNOWN,
            dueAt: '2022-09-01T13:00:00.000Z',
          }),
          EventBusName: 'srsn-local',
        },
      ],
    });
    await harness.runtime.bus.whenIdle();

    expect(delivered.status).toBe(200);
    expect(delivered.body.deliveries).toEqual([
      expect.objectContaining({
        target: 'sendBulkMail',
        outcome: 'delivered',
        result: { status: 'discarded', reason: `detail.cohort: no cohort ${UNKNOWN}` },
      }),
    ]);
    expect(takeLogs()).toMatchObject([
      {
        level: 'ERROR',
        message: 'Discarded an invalid InvitationsDue event',
        errors: [refusal('detail.cohort')],
      },
    ]);
    expect(await harness.inbox()).toEqual([]);
  });
});
