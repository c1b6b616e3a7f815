import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import {
  BatchGetCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler as sendReceiptHandler } from '../../functions/send-receipt/handler.ts';
import { EmailSender } from '../../shared/platform/email/send.ts';
import { SuppressionList } from '../../shared/platform/email/suppression-list.ts';
import { resetClockSource, setClockSource } from '../../shared/platform/time/clock.ts';
import { validApplication } from '../fixtures/applications.ts';
import { lambdaContext } from '../support/api-event.ts';
import { CONFIGURATION_SET, SENDER_ADDRESS, TABLE_NAME } from '../support/handler-environment.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);

const SDZ_ID = 'sdz-2022-2023-0453ba3b856e';
const CONTACT = 'dana.whitfield@lindbergh.example.org';
const SUPERINTENDENT = 'superintendent@lindbergh.example.org';
const NOW = new Date('2022-09-01T15:00:30.000Z');
const MESSAGE_ID = '0100018301a2b3c4-ses-message-1';
const CONTENT = { subject: 'Session reminder', html: '<p>Hello</p>', text: 'Hello' };
const suppressionKey = (address: string) => ({ pk: `SUPPRESSED#${address}`, sk: 'SUPPRESSED' });
const ledgerKey = { pk: `NOTIFICATION#receipt#${SDZ_ID}`, sk: 'NOTIFICATION' };

function suppressed(...addresses: string[]): void {
  ddb.on(BatchGetCommand).resolves({ Responses: { [TABLE_NAME]: addresses.map((address) => ({ address })) } });
}

function sender(): EmailSender {
  return new EmailSender(new SESv2Client({}), { fromAddress: SENDER_ADDRESS, configurationSetName: CONFIGURATION_SET });
}

beforeEach(() => {
  ddb.reset();
  ses.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(PutCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  ddb.on(DeleteCommand).resolves({});
  ddb.on(BatchGetCommand).resolves({ Responses: { [TABLE_NAME]: [] } });
  ses.on(SendEmailCommand).resolves({ MessageId: MESSAGE_ID });
  setClockSource(() => new Date(NOW));
});

afterAll(() => {
  resetClockSource();
  ddb.restore();
  ses.restore();
});

describe('EmailSender: every send checks the suppression list', () => {
  it('reads the To and Cc addresses, in lower case, once, consistently, from the table named by TABLE_NAME', async () => {
    await sender().send({ to: ['Dana.Whitfield@Lindbergh.example.org'], cc: [SUPERINTENDENT] }, CONTENT, {});

    expect(ddb).toReceiveCommandTimes(BatchGetCommand, 1);
    expect(ddb).toReceiveCommandWith(BatchGetCommand, {
      RequestItems: {
        [TABLE_NAME]: {
          Keys: [suppressionKey(CONTACT), suppressionKey(SUPERINTENDENT)],
          ConsistentRead: true,
          ProjectionExpression: '#address',
          ExpressionAttributeNames: { '#address': 'address' },
        },
      },
    });
  });

  it('sends to everyone when nobody is suppressed', async () => {
    const result = await sender().send({ to: [CONTACT], cc: [SUPERINTENDENT] }, CONTENT, {});

    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Destination).toStrictEqual({
      ToAddresses: [CONTACT],
      CcAddresses: [SUPERINTENDENT],
    });
    expect(result).toStrictEqual({
      messageId: MESSAGE_ID,
      sentTo: { to: [CONTACT], cc: [SUPERINTENDENT] },
      suppressed: [],
      skipped: false,
    });
  });

  it('leaves a suppressed Cc out and sends to the rest', async () => {
    suppressed(SUPERINTENDENT);

    const result = await sender().send({ to: [CONTACT], cc: [SUPERINTENDENT] }, CONTENT, {});

    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Destination).toStrictEqual({ ToAddresses: [CONTACT] });
    expect(result).toMatchObject({ sentTo: { to: [CONTACT], cc: [] }, suppressed: [SUPERINTENDENT], skipped: false });
  });

  it('sends nothing at all, not even to the Cc, when every To address is suppressed (whatever its case)', async () => {
    suppressed(CONTACT);

    const result = await sender().send(
      { to: ['DANA.WHITFIELD@lindbergh.example.org'], cc: [SUPERINTENDENT] },
      CONTENT,
      {},
    );

    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
    expect(result).toStrictEqual({
      messageId: undefined,
      sentTo: { to: [], cc: [] },
      suppressed: ['DANA.WHITFIELD@lindbergh.example.org'],
      skipped: true,
    });
  });

  it('asks again for keys DynamoDB left unprocessed', async () => {
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { [TABLE_NAME]: [] },
        UnprocessedKeys: { [TABLE_NAME]: { Keys: [suppressionKey(CONTACT)] } },
      })
      .resolvesOnce({ Responses: { [TABLE_NAME]: [{ address: CONTACT }] } });

    const result = await sender().send({ to: [CONTACT] }, CONTENT, {});

    expect(ddb).toReceiveCommandTimes(BatchGetCommand, 2);
    expect(ddb.commandCalls(BatchGetCommand)[1]!.args[0].input.RequestItems![TABLE_NAME]!.Keys).toEqual([
      suppressionKey(CONTACT),
    ]);
    expect(result.skipped).toBe(true);
  });

  it('uses the suppression lookup it is given instead of the table', async () => {
    const email = new EmailSender(new SESv2Client({}), {
      fromAddress: SENDER_ADDRESS,
      configurationSetName: CONFIGURATION_SET,
      suppression: { suppressedAmong: async () => new Set([CONTACT]) },
    });

    const result = await email.send({ to: [CONTACT, 'other@lindbergh.example.org'] }, CONTENT, {});

    expect(ddb).toReceiveCommandTimes(BatchGetCommand, 0);
    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Destination).toStrictEqual({
      ToAddresses: ['other@lindbergh.example.org'],
    });
    expect(result.suppressed).toEqual([CONTACT]);
  });
});

describe('SuppressionList', () => {
  it('answers isSuppressed (the paced sender check) from the same list', async () => {
    suppressed(CONTACT);
    const list = new SuppressionList(
      DynamoDBDocumentClient.from(new (await import('@aws-sdk/client-dynamodb')).DynamoDBClient({})),
      TABLE_NAME,
    );

    await expect(list.isSuppressed('Dana.Whitfield@lindbergh.example.org')).resolves.toBe(true);
    expect(ddb).toReceiveCommandWith(BatchGetCommand, {
      RequestItems: { [TABLE_NAME]: expect.objectContaining({ Keys: [suppressionKey(CONTACT)] }) },
    });
  });
});

describe('send-receipt with a suppressed contact (sendOnce)', () => {
  beforeEach(() => {
    ddb.on(GetCommand, { Key: { pk: `APPLICATION#${SDZ_ID}`, sk: 'APPLICATION' } }).resolves({
      Item: {
        pk: `APPLICATION#${SDZ_ID}`,
        sk: 'APPLICATION',
        applicationId: SDZ_ID,
        cohort: '2022-2023',
        zone: 'SDZ',
        applicantKey: 'district:096-104',
        status: 'submitted',
        submittedAt: '2022-09-01T15:00:00.000Z',
        application: validApplication('SDZ'),
        requestHash: 'a'.repeat(64),
        version: 1,
      },
    });
  });

  const invoke = () =>
    sendReceiptHandler(
      {
        version: '0',
        id: 'e-1',
        'detail-type': 'ApplicationSubmitted',
        source: 'srsn.innovation-zones',
        account: '123456789012',
        time: '2022-09-01T15:00:00Z',
        region: 'us-east-2',
        resources: [],
        detail: { applicationId: SDZ_ID, cohort: '2022-2023', zone: 'SDZ', submittedAt: '2022-09-01T15:00:00.000Z' },
      },
      lambdaContext('send-receipt'),
    );

  it('sends nothing, settles the ledger entry with no recipients, and records email-suppressed', async () => {
    suppressed(CONTACT);

    const result = await invoke();

    expect(result).toStrictEqual({ status: 'processed', outcome: 'sent' });
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
    expect(ddb).toReceiveCommandWith(UpdateCommand, {
      Key: ledgerKey,
      ExpressionAttributeValues: expect.objectContaining({ ':sent': 'sent', ':messageId': 'unknown', ':count': 0 }),
    });
    expect(ddb).toReceiveCommandTimes(DeleteCommand, 0);
    expect(ddb).toReceiveCommandWith(PutCommand, {
      TableName: TABLE_NAME,
      Item: {
        pk: `APPLICATION#${SDZ_ID}`,
        sk: expect.stringMatching(/^AUDIT#/),
        type: 'AuditEntry',
        at: NOW.toISOString(),
        actor: 'system',
        action: 'email-suppressed',
        details: {
          kind: 'receipt',
          subject: 'Application received: System Design Zone (SDZ), Lindbergh Schools',
          to: [CONTACT],
          cc: [SUPERINTENDENT],
          messageId: null,
          suppressed: [CONTACT],
        },
      },
    });
  });

  it('sends to the contact alone when the superintendent is suppressed, and the audit entry says so', async () => {
    suppressed(SUPERINTENDENT);

    await invoke();

    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Destination).toStrictEqual({ ToAddresses: [CONTACT] });
    expect(ddb).toReceiveCommandWith(UpdateCommand, {
      Key: ledgerKey,
      ExpressionAttributeValues: expect.objectContaining({ ':messageId': MESSAGE_ID, ':count': 1 }),
    });
    expect(ddb).toReceiveCommandWith(PutCommand, {
      Item: expect.objectContaining({
        action: 'email-sent',
        details: {
          kind: 'receipt',
          subject: expect.any(String),
          to: [CONTACT],
          cc: [],
          messageId: MESSAGE_ID,
          suppressed: [SUPERINTENDENT],
        },
      }),
    });
  });
});
