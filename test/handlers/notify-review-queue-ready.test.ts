import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import {
  BatchGetCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONFIGURATION_SET, SENDER_ADDRESS, TABLE_NAME } from '../support/handler-environment.ts';

// The handler reads the facilitators' addresses at load, before any import below runs.
vi.hoisted(() => {
  process.env.FACILITATOR_EMAILS = 'lead@srsn.example.org,second@srsn.example.org';
});

import { handler } from '../../functions/notify-review-queue-ready/handler.ts';
import { resetClockSource, setClockSource } from '../../shared/platform/time/clock.ts';
import { lambdaContext } from '../support/api-event.ts';
import { takeLogs } from '../support/logs.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);

const MILESTONE_ID = '2022-2023/window-closed/SDZ';
/** The SDZ window closed at the end of Friday, September 9, 2022 (Central time). */
const CLOSED_AT = '2022-09-10T05:00:00.000Z';
const NOW = '2022-09-10T05:00:04.000Z';
const LEDGER_KEY = { pk: `NOTIFICATION#queue-ready#${MILESTONE_ID}`, sk: 'NOTIFICATION' };
const MESSAGE_ID = '0100018301a2b3c4-ses-queue-ready-1';

function windowClosed(detail: Record<string, unknown> = {}) {
  return {
    version: '0',
    id: '3c1e5f7a-9b2d-4e6f-8a0c-1d3e5f7a9b2d',
    'detail-type': 'ApplicationWindowClosed',
    source: 'srsn.innovation-zones',
    account: '123456789012',
    time: CLOSED_AT,
    region: 'us-east-2',
    resources: [],
    detail: { milestoneId: MILESTONE_ID, cohort: '2022-2023', dueAt: CLOSED_AT, zone: 'SDZ', ...detail },
  };
}

const invoke = (event: unknown) => handler(event, lambdaContext('notify-review-queue-ready'));

/** A zone's queue as the index answers a count: only the sort keys (`STATUS#<status>#...`). */
function givenQueue(zone: string, statuses: string[]): void {
  ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `COHORT#2022-2023#ZONE#${zone}` } }).resolves({
    Items: statuses.map((status, n) => ({ gsi1sk: `STATUS#${status}#2022-09-0${n + 1}T15:00:00.000Z#id` })),
  });
}

function sentEmail() {
  return ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
}

beforeEach(() => {
  ddb.reset();
  ses.reset();
  ddb.on(QueryCommand).resolves({ Items: [] });
  givenQueue('SDZ', ['submitted', 'submitted', 'clarification_requested']);
  givenQueue('ILDZ', ['submitted']);
  ddb.on(BatchGetCommand).resolves({ Responses: {} });
  ddb.on(GetCommand).resolves({});
  ddb.on(PutCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  ddb.on(DeleteCommand).resolves({});
  ses.on(SendEmailCommand).resolves({ MessageId: MESSAGE_ID });
  setClockSource(() => new Date(NOW));
});

afterAll(() => {
  resetClockSource();
  ddb.restore();
  ses.restore();
});

describe('notify-review-queue-ready on ApplicationWindowClosed', () => {
  it('emails the facilitators the closed zone’s queue and every zone’s counts, once: claimed, sent, recorded', async () => {
    const result = await invoke(windowClosed());

    expect(result).toEqual({ status: 'processed', outcome: 'sent' });
    expect(ddb).toReceiveCommandWith(QueryCommand, {
      TableName: TABLE_NAME,
      IndexName: 'byCohortZone',
      ExpressionAttributeValues: { ':pk': 'COHORT#2022-2023#ZONE#SDZ' },
    });
    expect(ddb).toReceiveCommandWith(PutCommand, {
      TableName: TABLE_NAME,
      Item: expect.objectContaining({ ...LEDGER_KEY, status: 'claimed', kind: 'review-queue-ready' }),
    });
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 1);
    const email = sentEmail();
    expect(email).toMatchObject({
      FromEmailAddress: SENDER_ADDRESS,
      Destination: { ToAddresses: ['lead@srsn.example.org', 'second@srsn.example.org'] },
      ConfigurationSetName: CONFIGURATION_SET,
      EmailTags: [
        { Name: 'notification', Value: 'review-queue-ready' },
        { Name: 'zone', Value: 'SDZ' },
      ],
    });
    expect(email.Content!.Simple!.Subject!.Data).toBe('Review queue ready: System Design Zone (SDZ), 3 applications');
    const text = email.Content!.Simple!.Body!.Text!.Data!;
    expect(text).toContain('The queue holds 3 applications.');
    expect(text).toContain('- System Design Zone (SDZ): 3 (2 awaiting review, 1 clarification requested)');
    expect(text).toContain('- Innovative Learning Design Zone (ILDZ): 1 (1 awaiting review)');
    expect(text).toContain('npx srsn queue --cohort 2022-2023 --zone SDZ');
    expect(ddb).toReceiveCommandWith(UpdateCommand, {
      Key: LEDGER_KEY,
      ExpressionAttributeValues: expect.objectContaining({ ':sent': 'sent', ':messageId': MESSAGE_ID, ':count': 2 }),
    });
  });

  it('sends nothing when the same event arrives again after the email went out', async () => {
    ddb
      .on(PutCommand, { Item: LEDGER_KEY })
      .rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));
    ddb
      .on(GetCommand, { Key: LEDGER_KEY })
      .resolves({ Item: { ...LEDGER_KEY, status: 'sent', messageId: MESSAGE_ID } });

    expect(await invoke(windowClosed())).toEqual({ status: 'processed', outcome: 'already-sent' });
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
  });

  it('gives its claim back and fails, for EventBridge to retry, when SES refuses the email', async () => {
    ses.on(SendEmailCommand).rejects(new Error('MessageRejected: Email address is not verified.'));

    await expect(invoke(windowClosed())).rejects.toThrow('MessageRejected');
    expect(ddb).toReceiveCommandWith(DeleteCommand, {
      TableName: TABLE_NAME,
      Key: LEDGER_KEY,
      ConditionExpression: 'claimToken = :token',
    });
    expect(ddb).toReceiveCommandTimes(UpdateCommand, 0);
  });

  it('discards an event whose detail breaks the contract, naming the field, and touches nothing', async () => {
    const result = await invoke(windowClosed({ zone: 'XYZ' }));

    expect(result).toMatchObject({ status: 'discarded', reason: expect.stringContaining('detail.zone') });
    expect(ddb.calls()).toHaveLength(0);
    expect(ses.calls()).toHaveLength(0);
    expect(takeLogs()).toMatchObject([
      {
        level: 'ERROR',
        message: 'Discarded an invalid ApplicationWindowClosed event',
        errors: [{ field: 'detail.zone' }],
      },
    ]);
  });
});
