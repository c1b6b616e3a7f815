import { GetAccountCommand, SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import {
  BatchGetCommand,
  BatchWriteCommand,
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
import { batchWrittenItems, claimedNotifications, givenAlreadySent } from '../support/ledger-stub.ts';

// Read by the handlers at load, before any import below runs.
vi.hoisted(() => {
  process.env.FACILITATOR_EMAILS = 'facilitators@srsn.example.org';
  process.env.PUBLIC_API_URL = 'https://api.srsn.example.org/';
  process.env.SES_MAX_SEND_RATE = '500';
});

import { handler as sendBulkMail } from '../../functions/send-bulk-mail/handler.ts';

// One bulk worker consumes both the invitation and the deadline-reminder events.
const sendInvitations = sendBulkMail;
const sendDeadlineReminders = sendBulkMail;

import { resetClockSource, setClockSource } from '../../shared/platform/time/clock.ts';
import { lambdaContext } from '../support/api-event.ts';
import { takeLogs } from '../support/logs.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);

const INVITATIONS_DUE = '2022-08-19T13:00:00.000Z';
const SDZ_REMINDER_DUE = '2022-09-02T14:00:00.000Z';
const ILDZ_REMINDER_DUE = '2022-09-09T14:00:00.000Z';
const epoch = (instant: string) => Math.floor(new Date(instant).getTime() / 1000);

function invitee(id: string, details: Record<string, unknown>) {
  return {
    pk: 'INVITEE#2022-2023',
    sk: `INVITEE#${id}`,
    type: 'Invitee',
    cohort: '2022-2023',
    inviteeId: id,
    zoneInterest: [],
    importedAt: '2022-08-15T15:00:00.000Z',
    importedBy: 'facilitator-sub-1',
    updatedAt: '2022-08-15T15:00:00.000Z',
    updatedBy: 'facilitator-sub-1',
    ...details,
  };
}

const LINDBERGH = invitee('district-096-104', {
  kind: 'district',
  applicantKey: 'district:096-104',
  organization: 'Lindbergh Schools',
  countyDistrictCode: '096-104',
  contactName: 'Dana Whitfield',
  contactEmail: 'dana@lindbergh.example.org',
});
const PRAIRIE = invitee('district-010-090', {
  kind: 'district',
  applicantKey: 'district:010-090',
  organization: 'Prairie R-IV',
  countyDistrictCode: '010-090',
  contactName: 'Sam Ortega',
  contactEmail: 'sam@prairie.example.org',
});
const OAKVIEW = invitee('district-020-020', {
  kind: 'district',
  applicantKey: 'district:020-020',
  organization: 'Oakview <R-7>',
  countyDistrictCode: '020-020',
  contactName: 'Lee Kim',
  contactEmail: 'lee@oakview.example.org',
  zoneInterest: ['ILDZ'],
});
const HARRISON = invitee('district-030-030', {
  kind: 'district',
  applicantKey: 'district:030-030',
  organization: 'Harrison C-1',
  countyDistrictCode: '030-030',
  contactName: 'Pat Moore',
  contactEmail: 'pat@harrison.example.org',
  zoneInterest: ['SDZ'],
});
const UNIVERSITY = invitee('partner-5b3e0a7f1c2d', {
  kind: 'partner',
  applicantKey: 'organization:university of missouri',
  organization: 'University of Missouri',
  contactName: 'Avery Stone',
  contactEmail: 'avery@umsystem.example.edu',
  zoneInterest: ['CNZ'],
});
const PAGE_END = { pk: 'INVITEE#2022-2023', sk: 'INVITEE#district-020-020' };

function envelope(detailType: string, detail: Record<string, unknown>, time: string) {
  return {
    version: '0',
    id: 'a1b2c3d4-0000-4000-8000-000000000001',
    'detail-type': detailType,
    source: 'srsn.innovation-zones',
    account: '123456789012',
    time,
    region: 'us-east-2',
    resources: [],
    detail,
  };
}
const invitationsDue = () =>
  envelope(
    'InvitationsDue',
    { milestoneId: '2022-2023/invitations', cohort: '2022-2023', dueAt: INVITATIONS_DUE },
    INVITATIONS_DUE,
  );
const deadlineDue = (zone: string, dueAt: string) =>
  envelope(
    'DeadlineReminderDue',
    { milestoneId: `2022-2023/deadline-reminder/${zone}/7`, cohort: '2022-2023', dueAt, zone, daysBefore: 7 },
    dueAt,
  );

function at(instant: string): void {
  setClockSource(() => new Date(instant));
}

/** Two pages of the cohort's invitees. */
function givenInvitees(): void {
  ddb
    .on(QueryCommand, { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :invitee)' })
    .resolvesOnce({ Items: [PRAIRIE, LINDBERGH, OAKVIEW], LastEvaluatedKey: PAGE_END })
    .resolvesOnce({ Items: [HARRISON, UNIVERSITY] })
    .resolves({ Items: [] });
}

/** Applications of a zone as the review-queue index returns them with ProjectionExpression applicantKey. */
function givenApplicants(zone: string, applicantKeys: string[]): void {
  ddb
    .on(QueryCommand, {
      IndexName: 'byCohortZone',
      ExpressionAttributeValues: { ':pk': `COHORT#2022-2023#ZONE#${zone}` },
    })
    .resolves({ Items: applicantKeys.map((applicantKey) => ({ applicantKey })) });
}

function emailTo(address: string) {
  const call = ses
    .commandCalls(SendEmailCommand)
    .find((entry) => entry.args[0].input.Destination?.ToAddresses?.includes(address));
  expect(call, `an email to ${address}`).toBeDefined();
  return call!.args[0].input;
}
const recipients = () =>
  ses
    .commandCalls(SendEmailCommand)
    .map((entry) => entry.args[0].input.Destination!.ToAddresses!.join(','))
    .sort();

beforeEach(() => {
  ddb.reset();
  ses.reset();
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(GetCommand).resolves({});
  ddb.on(PutCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  ddb.on(DeleteCommand).resolves({});
  ddb.on(BatchWriteCommand).resolves({});
  ses.on(SendEmailCommand).resolves({ MessageId: 'ses-message-1' });
});

afterAll(() => {
  resetClockSource();
  ddb.restore();
  ses.restore();
});

describe('send-bulk-mail on InvitationsDue', () => {
  beforeEach(() => {
    givenInvitees();
    at('2022-08-19T13:00:04.000Z');
  });

  it('reads the invitees with a consistent Query on the cohort partition, page by page, never a Scan', async () => {
    await sendInvitations(invitationsDue(), lambdaContext('send-bulk-mail'));

    const reads = ddb.commandCalls(QueryCommand).map((entry) => entry.args[0].input);
    const expected = {
      TableName: TABLE_NAME,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :invitee)',
      ExpressionAttributeValues: { ':pk': 'INVITEE#2022-2023', ':invitee': 'INVITEE#' },
      ConsistentRead: true,
    };
    expect(reads).toEqual([expected, { ...expected, ExclusiveStartKey: PAGE_END }]);
  });

  it('sends every invitee one invitation with the three informational meetings attached, tagged by invitee', async () => {
    const result = await sendInvitations(invitationsDue(), lambdaContext('send-bulk-mail'));

    expect(result).toEqual({
      status: 'processed',
      outcome: 'invitation#2022-2023: sent 5, already-sent 0, suppressed 0',
    });
    expect(recipients()).toEqual([
      'avery@umsystem.example.edu',
      'dana@lindbergh.example.org',
      'lee@oakview.example.org',
      'pat@harrison.example.org',
      'sam@prairie.example.org',
    ]);
    const input = emailTo('dana@lindbergh.example.org');
    expect(input).toStrictEqual({
      FromEmailAddress: SENDER_ADDRESS,
      Destination: { ToAddresses: ['dana@lindbergh.example.org'] },
      Content: {
        Simple: {
          Subject: { Data: 'You are invited to apply: SRSN Innovation Zones Cohort 1, 2022-2023', Charset: 'UTF-8' },
          Body: {
            Html: { Data: expect.stringContaining('<!doctype html>'), Charset: 'UTF-8' },
            Text: { Data: expect.any(String), Charset: 'UTF-8' },
          },
          Attachments: ['2022-08-25', '2022-08-31', '2022-09-01'].map((date) => ({
            FileName: `info-meeting-${date}.ics`,
            RawContent: expect.any(Uint8Array),
            ContentType: 'text/calendar; method=REQUEST; charset=UTF-8',
            ContentDisposition: 'ATTACHMENT',
            ContentTransferEncoding: 'BASE64',
          })),
        },
      },
      ConfigurationSetName: CONFIGURATION_SET,
      EmailTags: [
        { Name: 'notification', Value: 'invitation' },
        { Name: 'cohort', Value: '2022-2023' },
        { Name: 'invitee', Value: 'district-096-104' },
      ],
    });
    const ics = Buffer.from(input.Content!.Simple!.Attachments![0]!.RawContent!).toString('utf8');
    expect(ics).toContain('UID:2022-2023/info/2022-08-25@srsn-innovation-zones');
    expect(ics).toContain('DTSTART:20220825T150000Z');
    expect(ics).toContain('DTEND:20220825T153000Z');
    expect(input.Content!.Simple!.Body!.Text!.Data).toContain('https://api.srsn.example.org/applications');
  });

  it("escapes the organization's name in the HTML part", async () => {
    await sendInvitations(invitationsDue(), lambdaContext('send-bulk-mail'));

    const body = emailTo('lee@oakview.example.org').Content!.Simple!.Body!;
    expect(body.Html!.Data).toContain('invites Oakview &lt;R-7&gt; to apply');
    expect(body.Html!.Data).not.toContain('<R-7>');
    expect(body.Text!.Data).toContain('invites Oakview <R-7> to apply');
  });

  it('claims the ledger key invitation#<cohort>#<invitee> before sending, and records the send as sent', async () => {
    await sendInvitations(invitationsDue(), lambdaContext('send-bulk-mail'));

    // Every invitation job of the cohort claims under one lease, so claims need no condition each.
    expect(ddb).toReceiveCommandWith(UpdateCommand, {
      TableName: TABLE_NAME,
      Key: { pk: 'CLAIMLEASE#invitation#2022-2023', sk: 'CLAIMLEASE' },
      ConditionExpression: 'attribute_not_exists(leaseToken) OR leaseToken = :token OR leaseUntil < :now',
    });
    expect(ddb).toReceiveCommandWith(BatchGetCommand, {
      RequestItems: {
        [TABLE_NAME]: expect.objectContaining({
          Keys: expect.arrayContaining([
            { pk: 'NOTIFICATION#invitation#2022-2023#partner-5b3e0a7f1c2d', sk: 'NOTIFICATION' },
          ]),
          ConsistentRead: true,
        }),
      },
    });
    expect(claimedNotifications(ddb)).toContainEqual({
      pk: 'NOTIFICATION#invitation#2022-2023#partner-5b3e0a7f1c2d',
      sk: 'NOTIFICATION',
      type: 'Notification',
      kind: 'invitation',
      subjectId: 'partner-5b3e0a7f1c2d',
      status: 'claimed',
      claimToken: expect.stringMatching(/^[0-9a-f-]{36}$/),
      claimedUntil: epoch('2022-08-19T13:00:04.000Z') + 120,
      expiresAt: epoch('2022-08-19T13:00:04.000Z') + 400 * 86400,
    });
    // Sends in flight together are recorded together.
    expect(batchWrittenItems(ddb)).toContainEqual({
      pk: 'NOTIFICATION#invitation#2022-2023#partner-5b3e0a7f1c2d',
      sk: 'NOTIFICATION',
      type: 'Notification',
      kind: 'invitation',
      subjectId: 'partner-5b3e0a7f1c2d',
      status: 'sent',
      messageId: 'ses-message-1',
      sentAt: '2022-08-19T13:00:04.000Z',
      recipientCount: 1,
      expiresAt: epoch('2022-08-19T13:00:04.000Z') + 400 * 86400,
    });
    expect(ddb).toReceiveCommandWith(UpdateCommand, { Key: { pk: 'BULKJOB#invitation#2022-2023', sk: 'BULKJOB' } });
  });

  it('sends nothing to invitees the ledger says were already invited (a replayed event)', async () => {
    givenAlreadySent(ddb, { keys: ['invitation#2022-2023#district-096-104'] });

    const result = await sendInvitations(invitationsDue(), lambdaContext('send-bulk-mail'));

    expect(result).toEqual({
      status: 'processed',
      outcome: 'invitation#2022-2023: sent 4, already-sent 1, suppressed 0',
    });
    expect(recipients()).not.toContain('dana@lindbergh.example.org');
  });

  it('keeps sending when one send fails, gives that claim back, then fails the event so it is retried', async () => {
    ses
      .on(SendEmailCommand, { Destination: { ToAddresses: ['sam@prairie.example.org'] } })
      .rejects(Object.assign(new Error('Message rejected'), { name: 'MessageRejected' }));

    await expect(sendInvitations(invitationsDue(), lambdaContext('send-bulk-mail'))).rejects.toThrow(
      'Bulk job invitation#2022-2023 incomplete: 1 failed, 0 held by another run',
    );

    expect(recipients()).toHaveLength(5);
    expect(ddb).toReceiveCommandWith(DeleteCommand, {
      Key: { pk: 'NOTIFICATION#invitation#2022-2023#district-010-090', sk: 'NOTIFICATION' },
      ConditionExpression: 'claimToken = :token',
    });
    expect(ddb).not.toReceiveCommandWith(UpdateCommand, {
      Key: { pk: 'NOTIFICATION#invitation#2022-2023#district-010-090', sk: 'NOTIFICATION' },
    });
  });

  it('sends nothing before the invitation date, and discards an event that breaks its contract', async () => {
    at('2022-08-19T12:59:59.000Z');
    expect(await sendInvitations(invitationsDue(), lambdaContext('send-bulk-mail'))).toEqual({
      status: 'processed',
      outcome: '2022-2023: before the invitation date (2022-08-19T13:00:00.000Z), nothing sent',
    });
    at('2022-08-19T13:00:04.000Z');
    const broken = await sendInvitations(
      { ...invitationsDue(), detail: { cohort: '2021-2022' } },
      lambdaContext('send-bulk-mail'),
    );
    expect(broken).toMatchObject({ status: 'discarded' });
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
    expect(takeLogs()).toMatchObject([
      {
        level: 'ERROR',
        message: 'Discarded an invalid InvitationsDue event',
        errors: expect.arrayContaining([expect.objectContaining({ field: 'detail.cohort' })]),
      },
    ]);
  });

  it('on InviteesImported, runs the campaign as its own bulk job; the ledger leaves only the never-invited', async () => {
    at('2022-08-22T15:30:01.000Z');
    const imported = envelope(
      'InviteesImported',
      { cohort: '2022-2023', importId: '3f9a0c1d2e4b5a69', importedAt: '2022-08-22T15:30:00.000Z', rows: 5 },
      '2022-08-22T15:30:00.000Z',
    );

    const result = await sendInvitations(imported, lambdaContext('send-bulk-mail'));

    expect(result).toEqual({
      status: 'processed',
      outcome: 'invitation#2022-2023#import#3f9a0c1d2e4b5a69: sent 5, already-sent 0, suppressed 0',
    });
    expect(claimedNotifications(ddb)).toContainEqual(
      expect.objectContaining({ pk: 'NOTIFICATION#invitation#2022-2023#district-096-104' }),
    );
    expect(ddb).toReceiveCommandWith(UpdateCommand, {
      Key: { pk: 'CLAIMLEASE#invitation#2022-2023', sk: 'CLAIMLEASE' },
    });
  });

  it('after the SDZ window closed, invites no one to it: an SDZ-only district is left out, the others are not told of the SDZ', async () => {
    at('2022-09-12T15:00:01.000Z');
    const imported = envelope(
      'InviteesImported',
      { cohort: '2022-2023', importId: '3f9a0c1d2e4b5a69', importedAt: '2022-09-12T15:00:00.000Z', rows: 5 },
      '2022-09-12T15:00:00.000Z',
    );

    const result = await sendInvitations(imported, lambdaContext('send-bulk-mail'));

    expect(result).toEqual({
      status: 'processed',
      outcome: 'invitation#2022-2023#import#3f9a0c1d2e4b5a69: sent 4, already-sent 0, suppressed 0, windows closed 1',
    });
    expect(recipients()).not.toContain('pat@harrison.example.org');
    expect(recipients()).toHaveLength(4);
    const district = emailTo('dana@lindbergh.example.org').Content!.Simple!.Body!.Text!.Data!;
    expect(district).toContain('Innovative Learning Design Zone (ILDZ): applications due Friday, September 16, 2022');
    expect(district).toContain('Collaborative Network Zone (CNZ): applications are open');
    expect(district).not.toContain('System Design Zone (SDZ)');
    expect(district).not.toContain('September 9, 2022');
  });

  it('invites no one once the cohort has ended, not even a partner stored earlier whose CNZ never closes', async () => {
    at('2026-12-07T15:00:01.000Z');
    const imported = envelope(
      'InviteesImported',
      { cohort: '2022-2023', importId: '3f9a0c1d2e4b5a69', importedAt: '2026-12-07T15:00:00.000Z', rows: 5 },
      '2026-12-07T15:00:00.000Z',
    );

    const result = await sendInvitations(imported, lambdaContext('send-bulk-mail'));

    expect(result).toEqual({
      status: 'processed',
      outcome: '2022-2023: the cohort ended with its last monthly session on 2023-06-14, nothing sent',
    });
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
    expect(ddb).not.toHaveReceivedCommand(QueryCommand);
  });

  it('uses SES_MAX_SEND_RATE instead of asking SES for the account quota', async () => {
    await sendInvitations(invitationsDue(), lambdaContext('send-bulk-mail'));
    expect(ses).not.toHaveReceivedCommand(GetAccountCommand);
  });
});

describe('send-bulk-mail on DeadlineReminderDue', () => {
  beforeEach(() => givenInvitees());

  it('queries who applied to the zone on the review-queue index, reading only the applicant key', async () => {
    at('2022-09-02T14:00:02.000Z');
    givenApplicants('SDZ', ['district:096-104']);

    await sendDeadlineReminders(deadlineDue('SDZ', SDZ_REMINDER_DUE), lambdaContext('send-bulk-mail'));

    expect(ddb).toReceiveCommandWith(QueryCommand, {
      TableName: TABLE_NAME,
      IndexName: 'byCohortZone',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': 'COHORT#2022-2023#ZONE#SDZ' },
      ProjectionExpression: 'applicantKey',
    });
    expect(ddb).not.toReceiveCommandWith(QueryCommand, {
      ExpressionAttributeValues: { ':pk': 'COHORT#2022-2023#ZONE#ILDZ' },
    });
  });

  it('reminds the districts that have not applied to the SDZ and are not interested in the ILDZ only; never partners', async () => {
    at('2022-09-02T14:00:02.000Z');
    givenApplicants('SDZ', ['district:096-104', 'district:999-999']);
    givenApplicants('ILDZ', ['district:010-090']);

    const result = await sendDeadlineReminders(deadlineDue('SDZ', SDZ_REMINDER_DUE), lambdaContext('send-bulk-mail'));

    expect(result).toEqual({
      status: 'processed',
      outcome: 'deadline-reminder#2022-2023#SDZ#7: sent 2, already-sent 0, suppressed 0, not owed 3',
    });
    expect(recipients()).toEqual(['pat@harrison.example.org', 'sam@prairie.example.org']);
    expect(emailTo('sam@prairie.example.org')).toStrictEqual({
      FromEmailAddress: SENDER_ADDRESS,
      Destination: { ToAddresses: ['sam@prairie.example.org'] },
      Content: {
        Simple: {
          Subject: {
            Data: 'Reminder: System Design Zone (SDZ) applications are due Friday, September 9, 2022',
            Charset: 'UTF-8',
          },
          Body: {
            Html: { Data: expect.stringContaining('<!doctype html>'), Charset: 'UTF-8' },
            Text: {
              Data: expect.stringContaining(
                'We have not yet received a System Design Zone (SDZ) application from Prairie R-IV',
              ),
              Charset: 'UTF-8',
            },
          },
        },
      },
      ConfigurationSetName: CONFIGURATION_SET,
      EmailTags: [
        { Name: 'notification', Value: 'deadline-reminder' },
        { Name: 'cohort', Value: '2022-2023' },
        { Name: 'zone', Value: 'SDZ' },
        { Name: 'invitee', Value: 'district-010-090' },
      ],
    });
    expect(claimedNotifications(ddb)).toContainEqual(
      expect.objectContaining({
        pk: 'NOTIFICATION#deadline-reminder#2022-2023#SDZ#7#district-010-090',
        kind: 'deadline-reminder',
        subjectId: 'district-010-090',
        status: 'claimed',
      }),
    );
  });

  it('for the ILDZ, counts an SDZ application as applied: not selected there, the district is placed in the ILDZ', async () => {
    at('2022-09-09T14:00:02.000Z');
    givenApplicants('ILDZ', ['district:010-090']);
    givenApplicants('SDZ', ['district:096-104']);

    await sendDeadlineReminders(deadlineDue('ILDZ', ILDZ_REMINDER_DUE), lambdaContext('send-bulk-mail'));

    expect(recipients()).toEqual(['lee@oakview.example.org']);
    expect(emailTo('lee@oakview.example.org').Content!.Simple!.Subject!.Data).toBe(
      'Reminder: Innovative Learning Design Zone (ILDZ) applications are due Friday, September 16, 2022',
    );
  });

  it('sends nothing for a zone with no due date, or once its window has closed', async () => {
    at('2022-09-10T05:00:00.000Z');
    expect(await sendDeadlineReminders(deadlineDue('SDZ', SDZ_REMINDER_DUE), lambdaContext('send-bulk-mail'))).toEqual({
      status: 'processed',
      outcome: '2022-2023 SDZ: the window closed at 2022-09-10T05:00:00.000Z, no reminder',
    });
    expect(await sendDeadlineReminders(deadlineDue('CNZ', SDZ_REMINDER_DUE), lambdaContext('send-bulk-mail'))).toEqual({
      status: 'processed',
      outcome: '2022-2023 CNZ: no due date, no reminder',
    });
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
    expect(ddb).not.toHaveReceivedCommand(QueryCommand);
  });
});
