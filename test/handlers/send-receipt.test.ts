import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/send-receipt/handler.ts';
import { ENV } from '../../shared/platform/config/env-names.ts';
import { resetClockSource, setClockSource } from '../../shared/platform/time/clock.ts';
import { type FixtureZone, validApplication } from '../fixtures/applications.ts';
import { lambdaContext } from '../support/api-event.ts';
import { CONFIGURATION_SET, SENDER_ADDRESS, TABLE_NAME } from '../support/handler-environment.ts';
import { takeLogs } from '../support/logs.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);

/** Ids of the fixtures: zone-cohort-first 12 hex digits of sha256("cohort|zone|applicantKey"). */
const IDS: Record<FixtureZone, string> = {
  SDZ: 'sdz-2022-2023-0453ba3b856e',
  ILDZ: 'ildz-2022-2023-05f690608e04',
  CNZ: 'cnz-2022-2023-32d54695ed03',
};
const APPLICANT_KEYS: Record<FixtureZone, string> = {
  SDZ: 'district:096-104',
  ILDZ: 'school:010-090:1050',
  CNZ: 'organization:show me manufacturing partners',
};

const NOW = new Date('2022-09-01T15:00:30.000Z');
const NOW_EPOCH = Math.floor(NOW.getTime() / 1000);
const SUBMITTED_AT = '2022-09-01T15:00:00.000Z';
const LEDGER_CONDITION = 'attribute_not_exists(pk) OR (#status = :claimed AND claimedUntil < :now)';
const MESSAGE_ID = '0100018301a2b3c4-ses-message-1';

function conditionalCheckFailed(): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
}

const applicationKey = (id: string) => ({ pk: `APPLICATION#${id}`, sk: 'APPLICATION' });
const ledgerKey = (id: string) => ({ pk: `NOTIFICATION#receipt#${id}`, sk: 'NOTIFICATION' });

/** The item the submit handler stored for a fixture application. */
function storedApplication(zone: FixtureZone, application: Record<string, any> = validApplication(zone)) {
  const id = IDS[zone];
  return {
    ...applicationKey(id),
    gsi1pk: `COHORT#2022-2023#ZONE#${zone}`,
    gsi1sk: `STATUS#submitted#${SUBMITTED_AT}#${id}`,
    type: 'Application',
    applicationId: id,
    cohort: '2022-2023',
    zone,
    applicantKey: APPLICANT_KEYS[zone],
    status: 'submitted',
    submittedAt: SUBMITTED_AT,
    application,
    requestHash: 'a'.repeat(64),
  };
}

/** An EventBridge envelope as the Lambda target receives it. */
function submittedEvent(
  zone: FixtureZone = 'SDZ',
  overrides: Record<string, unknown> = {},
  detailOverrides: Record<string, unknown> = {},
) {
  return {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': 'ApplicationSubmitted',
    source: 'srsn.innovation-zones',
    account: '123456789012',
    time: SUBMITTED_AT,
    region: 'us-east-2',
    resources: [],
    detail: { applicationId: IDS[zone], cohort: '2022-2023', zone, submittedAt: SUBMITTED_AT, ...detailOverrides },
    ...overrides,
  };
}

function invoke(event: unknown) {
  return handler(event, lambdaContext('send-receipt'));
}

function givenStored(zone: FixtureZone, application?: Record<string, any>): void {
  ddb.on(GetCommand, { Key: applicationKey(IDS[zone]) }).resolves({ Item: storedApplication(zone, application) });
}

function claimToken(): string {
  const claim = ddb.commandCalls(PutCommand)[0]!.args[0].input;
  return claim.Item!.claimToken as string;
}

function sentEmail() {
  expect(ses).toReceiveCommandTimes(SendEmailCommand, 1);
  return ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
}

function expectNoSideEffects(): void {
  expect(ddb.calls()).toHaveLength(0);
  expect(ses.calls()).toHaveLength(0);
}

/** A discarded event is logged as an error naming the field, for an operator to find. */
function expectDiscardLogged(field: string): void {
  expect(takeLogs()).toMatchObject([
    { level: 'ERROR', message: 'Discarded an invalid ApplicationSubmitted event', errors: [{ field }] },
  ]);
}

beforeEach(() => {
  ddb.reset();
  ses.reset();
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

describe('send-receipt: a new SDZ application', () => {
  beforeEach(() => givenStored('SDZ'));

  it('reads the application consistently by id', async () => {
    await invoke(submittedEvent('SDZ'));

    expect(ddb).toReceiveCommandWith(GetCommand, {
      TableName: TABLE_NAME,
      Key: applicationKey(IDS.SDZ),
      ConsistentRead: true,
    });
  });

  it('claims the ledger entry receipt#<id> with a conditional put', async () => {
    await invoke(submittedEvent('SDZ'));

    expect(ddb.commandCalls(PutCommand).filter((call) => call.args[0].input.Item?.sk === 'NOTIFICATION')).toHaveLength(
      1,
    );
    expect(ddb).toReceiveCommandWith(PutCommand, {
      TableName: TABLE_NAME,
      Item: {
        pk: `NOTIFICATION#receipt#${IDS.SDZ}`,
        sk: 'NOTIFICATION',
        type: 'Notification',
        kind: 'receipt',
        subjectId: IDS.SDZ,
        status: 'claimed',
        claimToken: expect.stringMatching(/^[0-9a-f-]{36}$/),
        claimedUntil: NOW_EPOCH + 120,
        expiresAt: NOW_EPOCH + 400 * 86400,
      },
      ConditionExpression: LEDGER_CONDITION,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':claimed': 'claimed', ':now': NOW_EPOCH },
    });
  });

  it('sends one email from the configured sender to the contact, copying the superintendent, with both parts and tags', async () => {
    await invoke(submittedEvent('SDZ'));

    const input = sentEmail();
    expect(input).toStrictEqual({
      FromEmailAddress: SENDER_ADDRESS,
      Destination: {
        ToAddresses: ['dana.whitfield@lindbergh.example.org'],
        CcAddresses: ['superintendent@lindbergh.example.org'],
      },
      Content: {
        Simple: {
          Subject: { Data: 'Application received: System Design Zone (SDZ), Lindbergh Schools', Charset: 'UTF-8' },
          Body: {
            Html: { Data: expect.stringContaining('<!doctype html>'), Charset: 'UTF-8' },
            Text: { Data: expect.any(String), Charset: 'UTF-8' },
          },
        },
      },
      ConfigurationSetName: CONFIGURATION_SET,
      EmailTags: [
        { Name: 'notification', Value: 'receipt' },
        { Name: 'application', Value: IDS.SDZ },
      ],
    });
  });

  it('shows the submission time in Central time and the zone name spelled out, in both parts', async () => {
    await invoke(submittedEvent('SDZ'));

    const body = sentEmail().Content!.Simple!.Body!;
    for (const part of [body.Html!.Data!, body.Text!.Data!]) {
      expect(part).toContain('Thursday, September 1, 2022 at 10:00 AM CDT');
      expect(part).toContain('System Design Zone (SDZ)');
      expect(part).toContain(IDS.SDZ);
      expect(part).toContain('Innovative Learning Design Zone (ILDZ)');
    }
    expect(body.Text!.Data!).not.toContain('<');
  });

  it('marks the ledger entry sent with the claim token, message id and recipient count', async () => {
    await invoke(submittedEvent('SDZ'));

    expect(ddb).toReceiveCommandTimes(UpdateCommand, 1);
    expect(ddb).toReceiveCommandWith(UpdateCommand, {
      TableName: TABLE_NAME,
      Key: ledgerKey(IDS.SDZ),
      UpdateExpression:
        'SET #status = :sent, messageId = :messageId, sentAt = :sentAt, recipientCount = :count REMOVE claimToken, ' +
        'claimedUntil',
      ConditionExpression: 'claimToken = :token',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':sent': 'sent',
        ':messageId': MESSAGE_ID,
        ':sentAt': NOW.toISOString(),
        ':count': 2,
        ':token': claimToken(),
      },
    });
  });

  it('claims before sending and records the send after it', async () => {
    const order: string[] = [];
    ddb.on(PutCommand).callsFake(async (input: { Item: { sk: string } }) => {
      order.push(input.Item.sk.startsWith('AUDIT#') ? 'audit' : 'claim');
      return {};
    });
    ses.on(SendEmailCommand).callsFake(async () => {
      order.push('send');
      return { MessageId: MESSAGE_ID };
    });
    ddb.on(UpdateCommand).callsFake(async () => {
      order.push('mark-sent');
      return {};
    });

    await invoke(submittedEvent('SDZ'));

    expect(order).toEqual(['claim', 'send', 'mark-sent', 'audit']);
    expect(ddb).toReceiveCommandWith(PutCommand, {
      TableName: TABLE_NAME,
      Item: {
        pk: `APPLICATION#${IDS.SDZ}`,
        sk: expect.stringMatching(/^AUDIT#/),
        type: 'AuditEntry',
        at: NOW.toISOString(),
        actor: 'system',
        action: 'email-sent',
        details: {
          kind: 'receipt',
          subject: 'Application received: System Design Zone (SDZ), Lindbergh Schools',
          to: ['dana.whitfield@lindbergh.example.org'],
          cc: ['superintendent@lindbergh.example.org'],
          messageId: MESSAGE_ID,
        },
      },
    });
  });

  it('resolves with outcome sent', async () => {
    await expect(invoke(submittedEvent('SDZ'))).resolves.toStrictEqual({ status: 'processed', outcome: 'sent' });
  });

  it('escapes user-provided values in the HTML part', async () => {
    const application = validApplication('SDZ');
    application.contact.name = 'Dana <img src=x onerror=alert(1)> Whitfield';
    application.applicant.name = 'Lindbergh & "Sons" <Schools>';
    givenStored('SDZ', application);

    await invoke(submittedEvent('SDZ'));

    const htmlPart = sentEmail().Content!.Simple!.Body!.Html!.Data!;
    expect(htmlPart).not.toContain('<img');
    expect(htmlPart).not.toContain('<Schools>');
    expect(htmlPart).toContain('Dana &lt;img src=x onerror=alert(1)&gt; Whitfield');
    expect(htmlPart).toContain('Lindbergh &amp; &quot;Sons&quot; &lt;Schools&gt;');
  });
});

describe('send-receipt: copies by zone', () => {
  it('copies the ILDZ superintendent who approved the application', async () => {
    givenStored('ILDZ');

    await invoke(submittedEvent('ILDZ'));

    expect(sentEmail().Destination).toStrictEqual({
      ToAddresses: ['sam.ortega@prairie.example.org'],
      CcAddresses: ['jreyes@prairie.example.org'],
    });
    expect(ddb).toReceiveCommandWith(PutCommand, {
      Item: expect.objectContaining({ pk: `NOTIFICATION#receipt#${IDS.ILDZ}` }),
    });
  });

  it('sends a CNZ receipt to the contact only, with no Cc at all', async () => {
    givenStored('CNZ');

    await invoke(submittedEvent('CNZ'));

    const destination = sentEmail().Destination!;
    expect(destination).toStrictEqual({ ToAddresses: ['lee.park@showme.example.com'] });
    expect(destination).not.toHaveProperty('CcAddresses');
    expect(ddb).toReceiveCommandWith(UpdateCommand, {
      ExpressionAttributeValues: expect.objectContaining({ ':count': 1 }),
    });
  });

  it('does not copy the superintendent who is also the contact', async () => {
    const application = validApplication('SDZ');
    application.superintendent.email = application.contact.email;
    givenStored('SDZ', application);

    await invoke(submittedEvent('SDZ'));

    expect(sentEmail().Destination).toStrictEqual({ ToAddresses: ['dana.whitfield@lindbergh.example.org'] });
  });
});

describe('send-receipt: the same event delivered again', () => {
  beforeEach(() => givenStored('SDZ'));

  it('sends nothing when the ledger shows the receipt already sent', async () => {
    ddb.on(PutCommand).rejects(conditionalCheckFailed());
    ddb.on(GetCommand, { Key: ledgerKey(IDS.SDZ) }).resolves({
      Item: {
        ...ledgerKey(IDS.SDZ),
        status: 'sent',
        kind: 'receipt',
        subjectId: IDS.SDZ,
        messageId: MESSAGE_ID,
        sentAt: NOW.toISOString(),
      },
    });

    const result = await invoke(submittedEvent('SDZ'));

    expect(result).toStrictEqual({ status: 'processed', outcome: 'already-sent' });
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
    expect(ddb).toReceiveCommandTimes(UpdateCommand, 0);
    expect(ddb).toReceiveCommandTimes(DeleteCommand, 0);
    expect(ddb).toReceiveCommandWith(GetCommand, {
      TableName: TABLE_NAME,
      Key: ledgerKey(IDS.SDZ),
      ConsistentRead: true,
    });
  });

  it('throws so EventBridge retries, and sends nothing, while another invocation holds an unexpired claim', async () => {
    ddb.on(PutCommand).rejects(conditionalCheckFailed());
    ddb.on(GetCommand, { Key: ledgerKey(IDS.SDZ) }).resolves({
      Item: {
        ...ledgerKey(IDS.SDZ),
        status: 'claimed',
        kind: 'receipt',
        subjectId: IDS.SDZ,
        claimToken: 'other-token',
        claimedUntil: NOW_EPOCH + 60,
      },
    });

    await expect(invoke(submittedEvent('SDZ'))).rejects.toThrow(
      `Notification receipt#${IDS.SDZ} is being sent by another invocation`,
    );
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
    expect(ddb).toReceiveCommandTimes(UpdateCommand, 0);
    expect(ddb).toReceiveCommandTimes(DeleteCommand, 0);
  });

  it('throws, sending nothing, when the claim is refused and the ledger entry cannot be read back', async () => {
    ddb.on(PutCommand).rejects(conditionalCheckFailed());

    await expect(invoke(submittedEvent('SDZ'))).rejects.toThrow(/being sent by another invocation/);
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
  });
});

describe('send-receipt: failures', () => {
  beforeEach(() => givenStored('SDZ'));

  it('sends once, after a short wait, when SES first refuses for its rate', async () => {
    ses
      .on(SendEmailCommand)
      .rejectsOnce(Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'TooManyRequestsException' }))
      .resolves({ MessageId: 'ses-after-throttle' });

    const result = await invoke(submittedEvent('SDZ'));

    expect(result).toMatchObject({ status: 'processed' });
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 2);
    expect(ddb).toReceiveCommandTimes(DeleteCommand, 0);
    expect(ddb).toReceiveCommandWith(UpdateCommand, {
      Key: ledgerKey(IDS.SDZ),
      ExpressionAttributeValues: expect.objectContaining({ ':messageId': 'ses-after-throttle' }),
    });
  });

  it('releases the claim with its token and throws when SES rejects the email', async () => {
    ses
      .on(SendEmailCommand)
      .rejects(Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' }));

    await expect(invoke(submittedEvent('SDZ'))).rejects.toThrow('Email address is not verified.');
    expect(ddb).toReceiveCommandTimes(DeleteCommand, 1);
    expect(ddb).toReceiveCommandWith(DeleteCommand, {
      TableName: TABLE_NAME,
      Key: ledgerKey(IDS.SDZ),
      ConditionExpression: 'claimToken = :token',
      ExpressionAttributeValues: { ':token': claimToken() },
    });
    expect(ddb).toReceiveCommandTimes(UpdateCommand, 0);
  });

  it('still throws the SES error when the claim was already taken over before release', async () => {
    ses.on(SendEmailCommand).rejects(new Error('SES unavailable'));
    ddb.on(DeleteCommand).rejects(conditionalCheckFailed());

    await expect(invoke(submittedEvent('SDZ'))).rejects.toThrow('SES unavailable');
  });

  it('resolves as sent, without throwing for a retry that would send again, when recording the send keeps failing', async () => {
    ddb.on(UpdateCommand).rejects(new Error('ProvisionedThroughputExceeded'));

    const result = await invoke(submittedEvent('SDZ'));

    expect(result).toEqual({ status: 'processed', outcome: 'sent' });
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 1);
    expect(ddb).toReceiveCommandTimes(UpdateCommand, 3);
    expect(ddb).toReceiveCommandTimes(DeleteCommand, 0);
    expect(takeLogs()).toMatchObject([
      {
        level: 'ERROR',
        message: 'Sent but not recorded in the ledger',
        messageId: '0100018301a2b3c4-ses-message-1',
        error: { message: 'ProvisionedThroughputExceeded' },
      },
    ]);
  });

  it('throws without claiming when the application cannot be read', async () => {
    ddb.on(GetCommand, { Key: applicationKey(IDS.SDZ) }).rejects(new Error('socket hang up'));

    await expect(invoke(submittedEvent('SDZ'))).rejects.toThrow('socket hang up');
    expect(ddb).toReceiveCommandTimes(PutCommand, 0);
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
  });
});

describe('send-receipt: application not found', () => {
  it('sends nothing, claims nothing and resolves with outcome application-not-found', async () => {
    const result = await invoke(submittedEvent('SDZ'));

    expect(result).toStrictEqual({ status: 'processed', outcome: 'application-not-found' });
    expect(ddb).toReceiveCommandTimes(GetCommand, 1);
    expect(ddb).toReceiveCommandTimes(PutCommand, 0);
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
  });
});

describe('send-receipt: invalid events are discarded, never retried', () => {
  beforeEach(() => givenStored('SDZ'));

  it('discards an event of another detail-type', async () => {
    const result = await invoke(submittedEvent('SDZ', { 'detail-type': 'ApplicationWithdrawn' }));

    expect(result).toStrictEqual({
      status: 'discarded',
      reason: 'detail-type: must be ApplicationSubmitted from srsn.innovation-zones',
    });
    expectNoSideEffects();
    expectDiscardLogged('detail-type');
  });

  it('discards an event from another source', async () => {
    const result = await invoke(submittedEvent('SDZ', { source: 'aws.ses' }));

    expect(result).toMatchObject({ status: 'discarded', reason: expect.stringContaining('detail-type') });
    expectNoSideEffects();
    expectDiscardLogged('detail-type');
  });

  it('discards an event without applicationId, naming the field', async () => {
    const event = submittedEvent('SDZ');
    delete (event.detail as Record<string, unknown>).applicationId;

    const result = await invoke(event);

    expect(result).toMatchObject({ status: 'discarded' });
    expect((result as { reason: string }).reason).toContain('detail.applicationId');
    expectNoSideEffects();
    expectDiscardLogged('detail.applicationId');
  });

  it('discards an event with an extra detail field, naming the field', async () => {
    const result = await invoke(submittedEvent('SDZ', {}, { email: 'dana.whitfield@lindbergh.example.org' }));

    expect(result).toStrictEqual({ status: 'discarded', reason: 'detail.email: is not an allowed field' });
    expectNoSideEffects();
    expectDiscardLogged('detail.email');
  });

  it('discards an applicationId that is not an application id (no key injection into the table)', async () => {
    const result = await invoke(submittedEvent('SDZ', {}, { applicationId: 'sdz-2022-2023-0453ba3b856e#APPLICATION' }));

    expect(result).toMatchObject({ status: 'discarded', reason: expect.stringContaining('detail.applicationId') });
    expectNoSideEffects();
    expectDiscardLogged('detail.applicationId');
  });

  it('discards an event with an unknown zone, naming the field', async () => {
    const result = await invoke(submittedEvent('SDZ', {}, { zone: 'XYZ' }));

    expect(result).toMatchObject({ status: 'discarded', reason: expect.stringContaining('detail.zone') });
    expectNoSideEffects();
    expectDiscardLogged('detail.zone');
  });

  it('names the detail itself, not a field called body, when the envelope has no detail', async () => {
    const { detail: _detail, ...envelope } = submittedEvent('SDZ');

    const result = await invoke(envelope);

    expect(result).toMatchObject({ status: 'discarded' });
    expect((result as { reason: string }).reason).toMatch(/^detail: /);
    expectNoSideEffects();
    expectDiscardLogged('detail');
  });

  it.each([
    ['null', null, 'detail-type'],
    ['a string', 'ApplicationSubmitted', 'detail-type'],
    ['an empty object', {}, 'detail-type'],
    ['an array', [submittedEvent('SDZ')], 'detail-type'],
    ['an envelope without detail', { ...submittedEvent('SDZ'), detail: undefined }, 'detail'],
    [
      'an envelope whose detail is a JSON string',
      { ...submittedEvent('SDZ'), detail: JSON.stringify(submittedEvent('SDZ').detail) },
      'detail',
    ],
  ])('discards %s without throwing', async (_label, event, field) => {
    const result = await invoke(event);

    expect(result).toMatchObject({ status: 'discarded', reason: expect.any(String) });
    expectNoSideEffects();
    expectDiscardLogged(field);
  });
});

describe('send-receipt handler configuration', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it.each([ENV.tableName, ENV.senderAddress, ENV.configurationSet])(
    'refuses to load without %s, naming the variable',
    async (name) => {
      vi.resetModules();
      vi.stubEnv(name, undefined);

      await expect(import('../../functions/send-receipt/handler.ts')).rejects.toThrow(
        `Missing required environment variable ${name}`,
      );
    },
  );

  it('loads when every variable is set', async () => {
    vi.resetModules();

    const module = await import('../../functions/send-receipt/handler.ts');

    expect(typeof module.handler).toBe('function');
  });
});
