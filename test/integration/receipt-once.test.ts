import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EVENT_SOURCE } from '../../shared/platform/events/contract.ts';
import { validApplication } from '../fixtures/applications.ts';
import { RuntimeHarness } from '../support/local-runtime.ts';
import { takeLogs } from '../support/logs.ts';

let harness: RuntimeHarness;

beforeAll(async () => {
  harness = await RuntimeHarness.start({ clockStart: new Date('2022-08-29T14:00:00Z') });
});
afterAll(() => harness.stop());
beforeEach(() => harness.clearInbox());

let districtSerial = 100;
async function submitFreshDistrict(): Promise<{ applicationId: string; submittedAt: string }> {
  const application = validApplication('SDZ');
  districtSerial += 1;
  application.applicant.countyDistrictCode = `077-${districtSerial}`;
  const response = await harness.submit(application);
  expect(response.status).toBe(201);
  await harness.clearInbox();
  return response.body;
}

function submittedEntry(detail: { applicationId: string; submittedAt: string }) {
  return {
    Source: EVENT_SOURCE,
    DetailType: 'ApplicationSubmitted',
    EventBusName: harness.runtime.busName,
    Detail: JSON.stringify({
      applicationId: detail.applicationId,
      cohort: '2022-2023',
      zone: 'SDZ',
      submittedAt: detail.submittedAt,
    }),
  };
}

describe('the receipt is sent exactly once per application', () => {
  it('sends nothing more when the same ApplicationSubmitted event is delivered again', async () => {
    const submitted = await submitFreshDistrict();

    const replay = await harness.post('/_local/events', { Entries: [submittedEntry(submitted)] });

    expect(replay.status).toBe(200);
    expect(replay.body.deliveries).toEqual([
      expect.objectContaining({
        target: 'sendReceipt',
        outcome: 'delivered',
        result: { status: 'processed', outcome: 'already-sent' },
      }),
    ]);
    expect(await harness.inbox()).toEqual([]);
  });

  it('sends one email when the event arrives twice at once for an application not yet receipted', async () => {
    const submitted = await submitFreshDistrict();
    // Forget the first send so the two concurrent deliveries race for the ledger claim.
    const { DynamoDBClient, DeleteItemCommand } = await import('@aws-sdk/client-dynamodb');
    const client = new DynamoDBClient({
      endpoint: harness.runtime.urls.dynamodb,
      region: 'us-east-1',
      credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
    });
    await client.send(
      new DeleteItemCommand({
        TableName: harness.runtime.tableName,
        Key: { pk: { S: `NOTIFICATION#receipt#${submitted.applicationId}` }, sk: { S: 'NOTIFICATION' } },
      }),
    );
    client.destroy();

    const result = await harness.post('/_local/events', {
      Entries: [submittedEntry(submitted), submittedEntry(submitted)],
    });

    expect(result.body.FailedEntryCount).toBe(0);
    const emails = await harness.inbox();
    expect(emails).toHaveLength(1);
    expect(emails[0]!.subject).toContain('Application received');
    // The delivery that loses the race for the claim may fail and be retried, finding the receipt sent.
    for (const record of takeLogs()) {
      expect(record).toMatchObject({
        service: 'local-runtime',
        message: expect.stringMatching(
          /^\[bus\] ReceiptOnApplicationSubmitted -> sendReceipt attempt \d failed: NotificationInProgressError/,
        ),
      });
    }
  });

  it('sends nothing when a retry arrives hours later', async () => {
    const submitted = await submitFreshDistrict();
    await harness.setClock('2022-08-29T20:00:00Z');

    await harness.post('/_local/events', { Entries: [submittedEntry(submitted)] });

    expect(await harness.inbox()).toEqual([]);
    const ledger = (await harness.items()).find(
      (item) => item.pk === `NOTIFICATION#receipt#${submitted.applicationId}`,
    );
    expect(ledger).toMatchObject({ status: 'sent', kind: 'receipt' });
  });

  it('sends one receipt when the handler times out after sending and the bus delivers again', async () => {
    harness.runtime.functions.failNext('sendReceipt', 1, 'after');
    const application = validApplication('SDZ');
    application.applicant.countyDistrictCode = '077-900';

    expect((await harness.submit(application)).status).toBe(201);

    const delivery = harness.runtime.bus.deliveries.at(-1);
    expect(delivery).toMatchObject({
      target: 'sendReceipt',
      attempts: 2,
      outcome: 'delivered',
      result: { outcome: 'already-sent' },
    });
    expect(await harness.inbox()).toHaveLength(1);
    expect(takeLogs()).toMatchObject([
      {
        service: 'local-runtime',
        message:
          '[bus] ReceiptOnApplicationSubmitted -> sendReceipt attempt 1 failed: InjectedFault: Injected failure after sendReceipt ran',
      },
    ]);
  });

  it('sends one receipt when the first deliveries fail before the handler runs', async () => {
    harness.runtime.functions.failNext('sendReceipt', 2, 'before');
    const application = validApplication('SDZ');
    application.applicant.countyDistrictCode = '077-901';

    expect((await harness.submit(application)).status).toBe(201);

    expect(harness.runtime.bus.deliveries.at(-1)).toMatchObject({
      target: 'sendReceipt',
      attempts: 3,
      result: { outcome: 'sent' },
    });
    expect(await harness.inbox()).toHaveLength(1);
    expect(takeLogs()).toMatchObject(
      [1, 2].map((attempt) => ({
        service: 'local-runtime',
        message: `[bus] ReceiptOnApplicationSubmitted -> sendReceipt attempt ${attempt} failed: InjectedFault: Injected failure before sendReceipt ran`,
      })),
    );
  });

  it('discards an event whose detail breaks the contract, sending nothing and dead-lettering nothing', async () => {
    const result = await harness.post('/_local/events', {
      Entries: [
        {
          Source: EVENT_SOURCE,
          DetailType: 'ApplicationSubmitted',
          Detail: JSON.stringify({ applicationId: 'not-an-id' }),
        },
      ],
    });

    expect(result.body.deliveries).toEqual([
      expect.objectContaining({
        outcome: 'delivered',
        result: expect.objectContaining({
          status: 'discarded',
          reason: expect.stringContaining('detail.applicationId'),
        }),
      }),
    ]);
    expect(harness.runtime.bus.deadLetters).toEqual([]);
    expect(await harness.inbox()).toEqual([]);
    expect(takeLogs()).toMatchObject([
      {
        level: 'ERROR',
        message: 'Discarded an invalid ApplicationSubmitted event',
        errors: expect.arrayContaining([expect.objectContaining({ field: 'detail.applicationId' })]),
      },
    ]);
  });
});
