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
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/handle-delivery-events/handler.ts';
import { ENV } from '../../shared/platform/config/env-names.ts';
import { resetClockSource, setClockSource } from '../../shared/platform/time/clock.ts';
import { validApplication } from '../fixtures/applications.ts';
import { bouncedEvent, complaintEvent, deliveredEvent, rejectedEvent, SES_MESSAGE_ID } from '../fixtures/ses-events.ts';
import { lambdaContext } from '../support/api-event.ts';
import { CONFIGURATION_SET, SENDER_ADDRESS, TABLE_NAME } from '../support/handler-environment.ts';
import { takeLogs } from '../support/logs.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);

const SDZ_ID = 'sdz-2022-2023-0453ba3b856e';
const OTHER_ID = 'ildz-2022-2023-05f690608e04';
const CONTACT = 'dana.whitfield@lindbergh.example.org';
const SUPERINTENDENT = 'superintendent@lindbergh.example.org';
const LEAD = 'pat.lee@lindbergh.example.org';
const NOW = new Date('2022-09-01T15:05:00.000Z');
const NOW_EPOCH = Math.floor(NOW.getTime() / 1000);
const BOUNCED_AT = '2022-09-01T15:01:02.669Z';
const RECEIPT_TAGS = { notification: 'receipt', application: SDZ_ID };
const NOTICE_MESSAGE_ID = '010f0183-notice-000000';

const applicationKey = (id: string) => ({ pk: `APPLICATION#${id}`, sk: 'APPLICATION' });
const rosterKey = (id: string) => ({ pk: `APPLICATION#${id}`, sk: 'ROSTER' });
const suppressionKey = (address: string) => ({ pk: `SUPPRESSED#${address}`, sk: 'SUPPRESSED' });
const DELIVERY_AUDIT_PK = new RegExp(
  `^NOTIFICATION#delivery-audit#${SES_MESSAGE_ID}#(bounce|complaint|delivery|reject)#[0-9a-f]{16}$`,
);

function conditionalCheckFailed(): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
}

function storedApplication(id = SDZ_ID, application: Record<string, any> = validApplication('SDZ')) {
  return {
    ...applicationKey(id),
    type: 'Application',
    applicationId: id,
    cohort: '2022-2023',
    zone: id.startsWith('sdz') ? 'SDZ' : 'ILDZ',
    applicantKey: 'district:096-104',
    status: 'selected',
    submittedAt: '2022-09-01T15:00:00.000Z',
    application,
    requestHash: 'a'.repeat(64),
    version: 3,
  };
}

/** A roster item as shared/participation stores it. */
function rosterItem(id: string, members: Array<{ role: string; name: string; email: string }>) {
  return {
    ...rosterKey(id),
    gsi1pk: 'ROSTER#2022-2023',
    gsi1sk: `SDZ#${id}`,
    type: 'Roster',
    applicationId: id,
    cohort: '2022-2023',
    zone: 'SDZ',
    version: 1,
    members: members.map((member) => ({ title: 'Instructional coach', ...member })),
    previousMembers: [],
  };
}

function invoke(event: unknown) {
  return handler(event, lambdaContext('handle-delivery-events'));
}

function putsOf(prefix: string) {
  return ddb
    .commandCalls(PutCommand)
    .filter(
      (call) =>
        String(call.args[0].input.Item?.pk).startsWith(prefix) ||
        String(call.args[0].input.Item?.sk).startsWith(prefix),
    );
}

function auditPuts() {
  return putsOf('AUDIT#');
}

function givenStored(...items: Array<Record<string, any>>): void {
  for (const item of items) ddb.on(GetCommand, { Key: { pk: item.pk, sk: item.sk } }).resolves({ Item: item });
}

beforeEach(() => {
  ddb.reset();
  ses.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(PutCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  ddb.on(DeleteCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(BatchGetCommand).resolves({ Responses: { [TABLE_NAME]: [] } });
  ses.on(SendEmailCommand).resolves({ MessageId: NOTICE_MESSAGE_ID });
  setClockSource(() => new Date(NOW));
  givenStored(storedApplication());
});

afterAll(() => {
  resetClockSource();
  ddb.restore();
  ses.restore();
});

describe('handle-delivery-events: a hard bounce of the receipt sent to the contact', () => {
  const event = () => bouncedEvent({ tags: RECEIPT_TAGS, recipients: [CONTACT] });

  it('reads the tagged application and its roster, and looks the address up on every cohort roster by Query', async () => {
    await invoke(event());

    expect(ddb).toReceiveCommandWith(GetCommand, {
      TableName: TABLE_NAME,
      Key: applicationKey(SDZ_ID),
      ConsistentRead: true,
    });
    expect(ddb).toReceiveCommandWith(GetCommand, {
      TableName: TABLE_NAME,
      Key: rosterKey(SDZ_ID),
      ConsistentRead: true,
    });
    expect(ddb).toReceiveCommandTimes(QueryCommand, 1);
    expect(ddb).toReceiveCommandWith(QueryCommand, {
      TableName: TABLE_NAME,
      IndexName: 'byCohortZone',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': 'ROSTER#2022-2023' },
    });
  });

  it('suppresses the address once, with reason, time, source message and the application it belongs to', async () => {
    await invoke(event());

    expect(putsOf('SUPPRESSED#')).toHaveLength(1);
    expect(ddb).toReceiveCommandWith(PutCommand, {
      TableName: TABLE_NAME,
      Item: {
        ...suppressionKey(CONTACT),
        gsi1pk: 'SUPPRESSED',
        gsi1sk: `${BOUNCED_AT}#${CONTACT}`,
        type: 'Suppression',
        address: CONTACT,
        reason: 'bounce',
        at: BOUNCED_AT,
        recordedAt: NOW.toISOString(),
        source: {
          messageId: SES_MESSAGE_ID,
          notification: 'receipt',
          bounceSubType: 'General',
          diagnosticCode: 'smtp; 550 5.1.1 user unknown',
          tags: RECEIPT_TAGS,
        },
        applications: [
          {
            applicationId: SDZ_ID,
            cohort: '2022-2023',
            zone: 'SDZ',
            organization: 'Lindbergh Schools',
            roles: ['contact'],
          },
        ],
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('records email-bounced with the SES message id on the application, claimed once in the ledger', async () => {
    await invoke(event());

    expect(ddb).toReceiveCommandWith(PutCommand, {
      TableName: TABLE_NAME,
      Item: {
        pk: expect.stringMatching(DELIVERY_AUDIT_PK),
        sk: 'NOTIFICATION',
        type: 'Notification',
        kind: 'delivery-audit',
        subjectId: SDZ_ID,
        status: 'claimed',
        claimToken: expect.stringMatching(/^[0-9a-f-]{36}$/),
        claimedUntil: NOW_EPOCH + 120,
        expiresAt: NOW_EPOCH + 400 * 86400,
      },
      ConditionExpression: 'attribute_not_exists(pk) OR (#status = :claimed AND claimedUntil < :now)',
    });
    expect(auditPuts()).toHaveLength(1);
    expect(auditPuts()[0]!.args[0].input).toStrictEqual({
      TableName: TABLE_NAME,
      Item: {
        pk: `APPLICATION#${SDZ_ID}`,
        sk: expect.stringMatching(new RegExp(`^AUDIT#${BOUNCED_AT}#`)),
        type: 'AuditEntry',
        at: BOUNCED_AT,
        actor: 'system',
        action: 'email-bounced',
        details: {
          messageId: SES_MESSAGE_ID,
          notification: 'receipt',
          recipients: [CONTACT],
          bounceType: 'Permanent',
          bounceSubType: 'General',
          suppressed: true,
        },
      },
    });
    expect(ddb).toReceiveCommandWith(UpdateCommand, {
      Key: { pk: expect.stringMatching(DELIVERY_AUDIT_PK), sk: 'NOTIFICATION' },
      ExpressionAttributeValues: expect.objectContaining({ ':messageId': SES_MESSAGE_ID, ':count': 1 }),
    });
  });

  it('sends nothing (the contact is on no roster) and says what it did', async () => {
    const result = await invoke(event());

    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
    expect(result).toStrictEqual({
      status: 'processed',
      outcome: 'bounce (Permanent): suppressed 1, already suppressed 0, organizations told 0, audit recorded',
    });
  });

  it('changes nothing when the same event is delivered again', async () => {
    await invoke(event());
    const firstAuditKey = ddb
      .commandCalls(PutCommand)
      .find((call) => DELIVERY_AUDIT_PK.test(String(call.args[0].input.Item?.pk)))!.args[0].input.Item!.pk as string;
    ddb.resetHistory();
    ddb.on(PutCommand).rejects(conditionalCheckFailed());
    ddb.on(GetCommand, { Key: { pk: firstAuditKey, sk: 'NOTIFICATION' } }).resolves({
      Item: { pk: firstAuditKey, sk: 'NOTIFICATION', status: 'sent', kind: 'delivery-audit', subjectId: SDZ_ID },
    });

    const replay = await invoke(event());

    expect(replay).toStrictEqual({
      status: 'processed',
      outcome: 'bounce (Permanent): suppressed 0, already suppressed 1, organizations told 0, audit already-recorded',
    });
    expect(ddb).toReceiveCommandWith(PutCommand, { Item: expect.objectContaining({ pk: firstAuditKey }) });
    expect(ddb).toReceiveCommandTimes(UpdateCommand, 0);
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
  });

  it('gives the audit claim back and throws, so EventBridge retries, when the audit entry cannot be written', async () => {
    ddb.on(PutCommand, { Item: { type: 'AuditEntry' } }).rejects(new Error('ProvisionedThroughputExceeded'));

    await expect(invoke(event())).rejects.toThrow('ProvisionedThroughputExceeded');
    expect(ddb).toReceiveCommandWith(DeleteCommand, {
      Key: { pk: expect.stringMatching(DELIVERY_AUDIT_PK), sk: 'NOTIFICATION' },
    });
  });
});

describe('handle-delivery-events: which bounces suppress', () => {
  it.each(['Transient', 'Undetermined'] as const)(
    'a %s bounce suppresses nothing, reads no roster, and is audited',
    async (bounceType) => {
      const result = await invoke(bouncedEvent({ tags: RECEIPT_TAGS, recipients: [CONTACT], bounceType }));

      expect(putsOf('SUPPRESSED#')).toHaveLength(0);
      expect(ddb).toReceiveCommandTimes(QueryCommand, 0);
      expect(auditPuts()[0]!.args[0].input.Item).toMatchObject({
        action: 'email-bounced',
        details: {
          messageId: SES_MESSAGE_ID,
          notification: 'receipt',
          recipients: [CONTACT],
          bounceType,
          bounceSubType: 'MailboxFull',
        },
      });
      expect(auditPuts()[0]!.args[0].input.Item!.details).not.toHaveProperty('suppressed');
      expect(result).toMatchObject({
        outcome: `bounce (${bounceType}): suppressed 0, already suppressed 0, organizations told 0, audit recorded`,
      });
    },
  );

  it('suppresses each hard-bounced recipient, in lower case, and the superintendent as such', async () => {
    await invoke(
      bouncedEvent({ tags: RECEIPT_TAGS, recipients: ['Dana.Whitfield@Lindbergh.example.org', SUPERINTENDENT] }),
    );

    expect(putsOf('SUPPRESSED#').map((call) => call.args[0].input.Item!.address)).toEqual([CONTACT, SUPERINTENDENT]);
    expect(putsOf('SUPPRESSED#')[1]!.args[0].input.Item!.applications).toEqual([
      {
        applicationId: SDZ_ID,
        cohort: '2022-2023',
        zone: 'SDZ',
        organization: 'Lindbergh Schools',
        roles: ['superintendent'],
      },
    ]);
    expect(auditPuts()).toHaveLength(1);
  });
});

describe('handle-delivery-events: complaints', () => {
  it('suppress the address with reason complaint and record email-complained', async () => {
    const result = await invoke(complaintEvent({ tags: RECEIPT_TAGS, recipients: [SUPERINTENDENT] }));

    expect(ddb).toReceiveCommandWith(PutCommand, {
      Item: expect.objectContaining({
        ...suppressionKey(SUPERINTENDENT),
        reason: 'complaint',
        at: '2022-09-01T16:20:00.000Z',
        source: {
          messageId: SES_MESSAGE_ID,
          notification: 'receipt',
          complaintFeedbackType: 'abuse',
          tags: RECEIPT_TAGS,
        },
      }),
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(auditPuts()[0]!.args[0].input.Item).toMatchObject({
      at: '2022-09-01T16:20:00.000Z',
      action: 'email-complained',
      details: {
        messageId: SES_MESSAGE_ID,
        notification: 'receipt',
        recipients: [SUPERINTENDENT],
        complaintFeedbackType: 'abuse',
        suppressed: true,
      },
    });
    expect(result).toMatchObject({
      outcome: 'complaint: suppressed 1, already suppressed 0, organizations told 0, audit recorded',
    });
  });
});

describe('handle-delivery-events: deliveries and rejects are audited only', () => {
  it('records email-delivered with the recipients, suppressing nothing and reading no roster', async () => {
    const result = await invoke(deliveredEvent({ tags: RECEIPT_TAGS }));

    expect(putsOf('SUPPRESSED#')).toHaveLength(0);
    expect(ddb).toReceiveCommandTimes(QueryCommand, 0);
    expect(auditPuts()[0]!.args[0].input.Item).toMatchObject({
      at: '2022-09-01T15:00:31.133Z',
      actor: 'system',
      action: 'email-delivered',
      details: { messageId: SES_MESSAGE_ID, notification: 'receipt', recipients: [CONTACT, SUPERINTENDENT] },
    });
    expect(result).toMatchObject({
      outcome: 'delivery: suppressed 0, already suppressed 0, organizations told 0, audit recorded',
    });
  });

  it('records email-rejected with SES reason', async () => {
    await invoke(rejectedEvent({ tags: RECEIPT_TAGS }));

    expect(auditPuts()[0]!.args[0].input.Item).toMatchObject({
      action: 'email-rejected',
      details: { messageId: SES_MESSAGE_ID, reason: 'Bad content' },
    });
    expect(putsOf('SUPPRESSED#')).toHaveLength(0);
  });

  it('records nothing for a message tagged with no application (e.g. to the facilitators)', async () => {
    const result = await invoke(deliveredEvent({ tags: { notification: 'review-queue-ready' } }));

    expect(ddb.calls()).toHaveLength(0);
    expect(result).toMatchObject({
      outcome: 'delivery: suppressed 0, already suppressed 0, organizations told 0, audit no-application',
    });
  });

  it('does not use an application tag that is not an application id', async () => {
    await invoke(deliveredEvent({ tags: { notification: 'receipt', application: `${SDZ_ID}#APPLICATION` } }));

    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('handle-delivery-events: a lead facilitator whose address fails', () => {
  const leadBounced = (tags: Record<string, string> = { notification: 'session-reminder', application: SDZ_ID }) =>
    bouncedEvent({ tags, destination: [LEAD], recipients: [LEAD] });

  beforeEach(() => givenStored(rosterItem(SDZ_ID, [{ role: 'lead-facilitator', name: 'Pat Lee', email: LEAD }])));

  it("tells the organization's contact, copying the superintendent, once (ledger key undeliverable#<application>#<address>)", async () => {
    const result = await invoke(leadBounced());

    expect(ddb).toReceiveCommandWith(PutCommand, {
      Item: expect.objectContaining({
        pk: `NOTIFICATION#undeliverable#${SDZ_ID}#${LEAD}`,
        kind: 'undeliverable-roster-member',
        subjectId: SDZ_ID,
        status: 'claimed',
      }),
    });
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 1);
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input).toStrictEqual({
      FromEmailAddress: SENDER_ADDRESS,
      Destination: { ToAddresses: [CONTACT], CcAddresses: [SUPERINTENDENT] },
      Content: {
        Simple: {
          Subject: { Data: 'Action needed: we cannot email your lead facilitator, Pat Lee', Charset: 'UTF-8' },
          Body: {
            Html: { Data: expect.stringContaining('<!doctype html>'), Charset: 'UTF-8' },
            Text: { Data: expect.any(String), Charset: 'UTF-8' },
          },
        },
      },
      ConfigurationSetName: CONFIGURATION_SET,
      EmailTags: [
        { Name: 'notification', Value: 'undeliverable-roster-member' },
        { Name: 'application', Value: SDZ_ID },
      ],
    });
    expect(result).toMatchObject({
      outcome: 'bounce (Permanent): suppressed 1, already suppressed 0, organizations told 1, audit recorded',
    });
  });

  it('says who, which address, since when (Central time) and what to do, in both parts', async () => {
    await invoke(leadBounced());

    const body = ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Content!.Simple!.Body!;
    for (const part of [body.Html!.Data!, body.Text!.Data!]) {
      expect(part).toContain('Pat Lee (pat.lee@lindbergh.example.org)');
      expect(part).toContain('Lindbergh Schools');
      expect(part).toContain('System Design Zone (SDZ)');
      expect(part).toContain('Thursday, September 1, 2022 at 10:01 AM CDT');
      expect(part).toContain('refuses them permanently');
      expect(part).toContain('name another lead facilitator on your roster');
    }
  });

  it('records the lead facilitator role in the suppression and the notice in the audit trail', async () => {
    await invoke(leadBounced());

    expect(putsOf('SUPPRESSED#')[0]!.args[0].input.Item!.applications).toEqual([
      {
        applicationId: SDZ_ID,
        cohort: '2022-2023',
        zone: 'SDZ',
        organization: 'Lindbergh Schools',
        roles: ['lead-facilitator'],
      },
    ]);
    expect(
      auditPuts()
        .map((call) => call.args[0].input.Item!.action)
        .sort(),
    ).toEqual(['email-bounced', 'email-sent']);
  });

  it('checks the contact and superintendent against the suppression list before telling them', async () => {
    await invoke(leadBounced());

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

  it('tells the superintendent alone when the contact is suppressed too', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { [TABLE_NAME]: [{ address: CONTACT }] } });

    await invoke(leadBounced());

    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Destination).toStrictEqual({
      ToAddresses: [SUPERINTENDENT],
    });
  });

  it('greets the contact it is addressed to, in both parts', async () => {
    await invoke(leadBounced());

    const body = ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Content!.Simple!.Body!;
    for (const part of [body.Html!.Data!, body.Text!.Data!]) expect(part).toContain('Dear Dana Whitfield,');
  });

  it('greets the superintendent by name, not the suppressed contact, when the notice goes to the superintendent alone', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { [TABLE_NAME]: [{ address: CONTACT }] } });

    await invoke(leadBounced());

    const body = ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Content!.Simple!.Body!;
    for (const part of [body.Html!.Data!, body.Text!.Data!]) {
      expect(part).toContain('Dear Tony Lake,');
      expect(part).not.toContain('Dana Whitfield');
    }
  });

  it('tells only the superintendent when the lead facilitator is the contact', async () => {
    givenStored(rosterItem(SDZ_ID, [{ role: 'lead-facilitator', name: 'Dana Whitfield', email: CONTACT }]));

    await invoke(bouncedEvent({ tags: RECEIPT_TAGS, recipients: [CONTACT] }));

    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Destination).toStrictEqual({
      ToAddresses: [SUPERINTENDENT],
    });
    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Content!.Simple!.Body!.Text!.Data).toContain(
      'Dear Tony Lake,',
    );
    expect(putsOf('SUPPRESSED#')[0]!.args[0].input.Item!.applications[0].roles).toEqual([
      'contact',
      'lead-facilitator',
    ]);
  });

  it('tells a complaint too, saying the mailbox reported a message as unwanted', async () => {
    await invoke(
      complaintEvent({
        tags: { notification: 'session-reminder', application: SDZ_ID },
        destination: [LEAD],
        recipients: [LEAD],
      }),
    );

    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Content!.Simple!.Body!.Text!.Data).toContain(
      'the mailbox reported one of them as unwanted',
    );
  });

  it('finds the roster by the cohort Query when the message names no application, and tells that organization', async () => {
    ddb
      .on(QueryCommand)
      .resolves({ Items: [rosterItem(OTHER_ID, [{ role: 'lead-facilitator', name: 'Pat Lee', email: LEAD }])] });
    givenStored(storedApplication(OTHER_ID, validApplication('ILDZ')));

    const result = await invoke(leadBounced({ notification: 'session-reminder' }));

    expect(ddb).toReceiveCommandWith(GetCommand, { Key: applicationKey(OTHER_ID) });
    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Destination).toStrictEqual({
      ToAddresses: ['sam.ortega@prairie.example.org'],
      CcAddresses: ['jreyes@prairie.example.org'],
    });
    expect(putsOf('SUPPRESSED#')[0]!.args[0].input.Item!.applications).toEqual([
      {
        applicationId: OTHER_ID,
        cohort: '2022-2023',
        zone: 'ILDZ',
        organization: expect.any(String),
        roles: ['lead-facilitator'],
      },
    ]);
    expect(result).toMatchObject({
      outcome: 'bounce (Permanent): suppressed 1, already suppressed 0, organizations told 1, audit no-application',
    });
  });

  it('tells every organization whose roster names the address (one lead facilitator serving two)', async () => {
    ddb.on(QueryCommand).resolves({
      Items: [
        rosterItem(SDZ_ID, [{ role: 'lead-facilitator', name: 'Pat Lee', email: LEAD }]),
        rosterItem(OTHER_ID, [{ role: 'lead-facilitator', name: 'Pat Lee', email: LEAD }]),
      ],
    });
    givenStored(storedApplication(OTHER_ID, validApplication('ILDZ')));

    await invoke(leadBounced());

    expect(ses.commandCalls(SendEmailCommand).map((call) => call.args[0].input.Destination!.ToAddresses)).toEqual([
      [CONTACT],
      ['sam.ortega@prairie.example.org'],
    ]);
  });

  it('sends no second notice when the event is replayed', async () => {
    ddb.on(PutCommand, { Item: { sk: 'NOTIFICATION' } }).rejects(conditionalCheckFailed());
    ddb.on(GetCommand, { Key: { sk: 'NOTIFICATION' } }).resolves({ Item: { status: 'sent' } });

    const result = await invoke(leadBounced());

    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
    expect(ddb).toReceiveCommandWith(GetCommand, {
      Key: { pk: `NOTIFICATION#undeliverable#${SDZ_ID}#${LEAD}`, sk: 'NOTIFICATION' },
    });
    expect(result).toMatchObject({
      outcome: 'bounce (Permanent): suppressed 1, already suppressed 0, organizations told 0, audit already-recorded',
    });
  });
});

describe('handle-delivery-events: without rosters', () => {
  it('suppresses a bounced address that belongs to no known application, attributing it to none', async () => {
    const tags = { notification: 'invitation', cohort: '2022-2023', invitee: 'district-096-104' };
    const result = await invoke(
      bouncedEvent({
        tags,
        destination: ['someone@district.example.org'],
        recipients: ['someone@district.example.org'],
      }),
    );

    expect(putsOf('SUPPRESSED#')[0]!.args[0].input.Item).toMatchObject({
      address: 'someone@district.example.org',
      applications: [],
      source: { notification: 'invitation', tags },
    });
    expect(auditPuts()).toHaveLength(0);
    expect(result).toMatchObject({
      outcome: 'bounce (Permanent): suppressed 1, already suppressed 0, organizations told 0, audit no-application',
    });
  });
});

describe('handle-delivery-events: events it cannot use are discarded, never retried', () => {
  it.each([
    [
      'another detail-type',
      { ...deliveredEvent(), 'detail-type': 'Email Opened' },
      /^detail-type: must be one of Email Bounced, Email Complaint Received, Email Delivered, Email Rejected/,
      { message: 'Discarded an event that is not an SES sending event', detailType: 'Email Opened' },
    ],
    [
      'another source',
      { ...deliveredEvent(), source: 'srsn.innovation-zones' },
      /detail-type/,
      { message: 'Discarded an invalid Email Delivered event', errors: [{ field: 'detail-type' }] },
    ],
    [
      'a bounce without recipients',
      (() => {
        const event = bouncedEvent();
        (event.detail.bounce as any).bouncedRecipients = [];
        return event;
      })(),
      /detail\.bounce\.bouncedRecipients/,
      { message: 'Discarded an invalid Email Bounced event', errors: [{ field: 'detail.bounce.bouncedRecipients' }] },
    ],
    [
      'a bounce of an unknown type',
      bouncedEvent({ bounceType: 'Soft' as never }),
      /detail\.bounce\.bounceType/,
      { message: 'Discarded an invalid Email Bounced event', errors: [{ field: 'detail.bounce.bounceType' }] },
    ],
    [
      'a delivery without its message id',
      (() => {
        const event = deliveredEvent();
        delete (event.detail.mail as any).messageId;
        return event;
      })(),
      /detail\.mail\.messageId/,
      { message: 'Discarded an invalid Email Delivered event', errors: [{ field: 'detail.mail.messageId' }] },
    ],
    ['null', null, /detail-type/, { message: 'Discarded an event that is not an SES sending event' }],
  ])('%s', async (_label, event, reason, logged) => {
    const result = await invoke(event);

    expect(result).toMatchObject({ status: 'discarded', reason: expect.stringMatching(reason) });
    expect(ddb.calls()).toHaveLength(0);
    expect(ses.calls()).toHaveLength(0);
    expect(takeLogs()).toMatchObject([{ level: 'ERROR', ...logged }]);
  });
});

describe('handle-delivery-events handler configuration', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it.each([ENV.tableName, ENV.senderAddress, ENV.configurationSet])(
    'refuses to load without %s, naming the variable',
    async (name) => {
      vi.resetModules();
      vi.stubEnv(name, undefined);

      await expect(import('../../functions/handle-delivery-events/handler.ts')).rejects.toThrow(
        `Missing required environment variable ${name}`,
      );
    },
  );
});
