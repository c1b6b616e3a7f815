import { SESv2Client, SendEmailCommand, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import {
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
import { claimedNotifications, givenAlreadySent } from '../support/ledger-stub.ts';

// The local SES reports no quota: the rate comes from the override (read at load), as does
// the campaign's facilitator list (the same worker sends the invitation campaign).
vi.hoisted(() => {
  process.env.SES_MAX_SEND_RATE = '1000';
  process.env.FACILITATOR_EMAILS = 'facilitators@srsn.example.org';
});

import { handler } from '../../functions/send-bulk-mail/handler.ts';
import { resetClockSource, setClockSource } from '../../shared/platform/time/clock.ts';
import { validApplication } from '../fixtures/applications.ts';
import { lambdaContext } from '../support/api-event.ts';
import { takeLogs } from '../support/logs.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);

const SDZ_ID = 'sdz-2022-2023-0453ba3b856e';
const ILDZ_ID = 'ildz-2022-2023-111111111111';
const CNZ_ID = 'cnz-2022-2023-222222222222';
const SESSION_ID = '2022-2023/session/2022-11-09';
const SESSION_KEY = { pk: 'SESSION#2022-2023', sk: 'SESSION#2022-11-09' };
/** One day before the November 9 session, 10:00 CST. */
const NOW = new Date('2022-11-08T16:00:03.000Z');

const ANA = { role: 'lead-facilitator', name: 'Ana Brooks', title: 'Coach', email: 'ana.brooks@lindbergh.example.org' };
const CLEO = {
  role: 'lead-facilitator',
  name: 'Cleo Diaz',
  title: 'Consultant',
  email: 'cleo@learning-partners.example.org',
};
const SCHOOL_CONTACT = 'sam.ortega@prairie.example.org';
const REPRESENTATIVE = 'lee.park@showme.example.com';
const ALTERNATE = 'morgan.diaz@showme.example.com';

function participant(id: string, zone: 'SDZ' | 'ILDZ' | 'CNZ') {
  return {
    pk: `APPLICATION#${id}`,
    sk: 'APPLICATION',
    gsi1pk: `COHORT#2022-2023#ZONE#${zone}`,
    gsi1sk: `STATUS#selected#2022-09-01T15:00:00.000Z#${id}`,
    applicationId: id,
    cohort: '2022-2023',
    zone,
    status: 'selected',
    submittedAt: '2022-09-01T15:00:00.000Z',
    application: validApplication(zone),
    version: 4,
    review: {
      scores: { elements: {} },
      notes: '',
      decision: 'selected',
      reviewedBy: 'f',
      reviewedAt: '2022-09-13T15:00:00.000Z',
    },
    resultSent: { decision: 'selected', sentAt: '2022-09-15T14:00:10.000Z', corrections: 0 },
  };
}

function roster(id: string, zone: string, members: unknown[]) {
  return {
    pk: `APPLICATION#${id}`,
    sk: 'ROSTER',
    gsi1pk: 'ROSTER#2022-2023',
    gsi1sk: `${zone}#${id}`,
    applicationId: id,
    cohort: '2022-2023',
    zone,
    version: 1,
    members,
    previousMembers: [],
    updatedAt: '2022-09-20T15:00:00.000Z',
    announcedVersion: 1,
  };
}

/**
 * Lindbergh (SDZ) named Ana and Cleo; the school (ILDZ) named nobody; the partner (CNZ) has its application's
 * representative and alternate.
 */
function givenParticipants(rosters: unknown[] = [roster(SDZ_ID, 'SDZ', [ANA, CLEO])]): void {
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb
    .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'ROSTER#2022-2023' } })
    .resolves({ Items: rosters as Record<string, unknown>[] });
  for (const [id, zone] of [
    [SDZ_ID, 'SDZ'],
    [ILDZ_ID, 'ILDZ'],
    [CNZ_ID, 'CNZ'],
  ] as const) {
    ddb
      .on(QueryCommand, {
        ExpressionAttributeValues: { ':pk': `COHORT#2022-2023#ZONE#${zone}`, ':status': 'STATUS#selected#' },
      })
      .resolves({ Items: [participant(id, zone)] });
  }
}

function envelope(detailType: string, detail: Record<string, unknown>) {
  return {
    version: '0',
    id: 'a1b2c3d4-0000-4000-8000-000000000002',
    'detail-type': detailType,
    source: 'srsn.innovation-zones',
    account: '123456789012',
    time: NOW.toISOString(),
    region: 'us-east-2',
    resources: [],
    detail,
  };
}

const reminderDue = (offsetDays = 1, sessionDate = '2022-11-09') =>
  envelope('SessionReminderDue', {
    milestoneId: `2022-2023/session/${sessionDate}/reminder/${offsetDays}`,
    cohort: '2022-2023',
    dueAt: '2022-11-08T16:00:00.000Z',
    sessionId: `2022-2023/session/${sessionDate}`,
    sessionDate,
    offsetDays,
  });

const invoke = (event: unknown) => handler(event, lambdaContext('send-bulk-mail'));

const sent = () => ses.commandCalls(SendEmailCommand).map((entry) => entry.args[0].input);
const recipients = () =>
  sent()
    .map((input) => input.Destination!.ToAddresses!.join(','))
    .sort();
const emailTo = (address: string): SendEmailCommandInput =>
  sent().find((input) => input.Destination!.ToAddresses!.includes(address))!;
const ics = (input: SendEmailCommandInput) =>
  Buffer.from(input.Content!.Simple!.Attachments![0]!.RawContent!).toString('utf8').replace(/\r\n /g, '').split('\r\n');

beforeEach(() => {
  ddb.reset();
  ses.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(PutCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  ddb.on(DeleteCommand).resolves({});
  ses
    .on(SendEmailCommand)
    .callsFake(async (input: SendEmailCommandInput) => ({ MessageId: `ses-${input.Destination!.ToAddresses![0]}` }));
  givenParticipants();
  setClockSource(() => new Date(NOW));
});

afterAll(() => {
  resetClockSource();
  ddb.restore();
  ses.restore();
});

describe('SessionReminderDue', () => {
  it('sends each roster member, each stand-in and the CNZ representative and alternate one reminder', async () => {
    const result = await invoke(reminderDue());

    expect(result).toMatchObject({ status: 'processed', outcome: expect.stringContaining('5 addressees, sent 5') });
    expect(recipients()).toEqual([ALTERNATE, ANA.email, CLEO.email, REPRESENTATIVE, SCHOOL_CONTACT].sort());
  });

  it('sends exactly this to a lead facilitator: both parts, the invitation, tags naming the application and session', async () => {
    await invoke(reminderDue());

    expect(emailTo(ANA.email)).toStrictEqual({
      FromEmailAddress: SENDER_ADDRESS,
      Destination: { ToAddresses: [ANA.email] },
      Content: {
        Simple: {
          Subject: {
            Data:
              'Tomorrow: Innovation Zones monthly session, November 2022, Wednesday, November 9, 2022, 10:00 AM ' +
              '- 12:00 PM CST',
            Charset: 'UTF-8',
          },
          Body: {
            Html: { Data: expect.stringContaining('<!doctype html>'), Charset: 'UTF-8' },
            Text: {
              Data: expect.stringContaining(
                'You receive this as lead facilitator for Lindbergh Schools, System Design Zone (SDZ).',
              ),
              Charset: 'UTF-8',
            },
          },
          Attachments: [
            {
              FileName: 'session-2022-11-09.ics',
              RawContent: expect.any(Uint8Array),
              ContentType: 'text/calendar; method=REQUEST; charset=UTF-8',
              ContentDisposition: 'ATTACHMENT',
              ContentTransferEncoding: 'BASE64',
            },
          ],
        },
      },
      ConfigurationSetName: CONFIGURATION_SET,
      EmailTags: [
        { Name: 'notification', Value: 'session-reminder' },
        { Name: 'session', Value: '2022-11-09' },
        { Name: 'offset', Value: '1' },
        { Name: 'application', Value: SDZ_ID },
      ],
    });
    const lines = ics(emailTo(ANA.email));
    for (const line of [
      'METHOD:REQUEST',
      `UID:${SESSION_ID}@srsn-innovation-zones`,
      'SEQUENCE:0',
      'DTSTART:20221109T160000Z',
      'DTEND:20221109T180000Z',
      'STATUS:CONFIRMED',
      `ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:MAILTO:${ANA.email}`,
    ]) {
      expect(lines).toContain(line);
    }
    expect(lines.filter((line) => line.startsWith('ATTENDEE'))).toHaveLength(1);
  });

  it('claims one ledger key per session, offset and address, within one bulk job per occasion', async () => {
    await invoke(reminderDue());

    expect(claimedNotifications(ddb)).toContainEqual(
      expect.objectContaining({
        pk: `NOTIFICATION#session-reminder#${SESSION_ID}#1#${ANA.email}`,
        sk: 'NOTIFICATION',
        kind: 'session-reminder',
        subjectId: SESSION_ID,
        status: 'claimed',
      }),
    );
    expect(ddb).toReceiveCommandWith(UpdateCommand, {
      TableName: TABLE_NAME,
      Key: { pk: `CLAIMLEASE#session-reminder#${SESSION_ID}#1`, sk: 'CLAIMLEASE' },
    });
    expect(ddb).toReceiveCommandWith(UpdateCommand, {
      TableName: TABLE_NAME,
      Key: { pk: `BULKJOB#session-reminder#${SESSION_ID}#1`, sk: 'BULKJOB' },
      ExpressionAttributeValues: expect.objectContaining({ ':kind': 'session-reminder' }),
    });
    expect(ddb).toReceiveCommandWith(UpdateCommand, {
      Key: { pk: `BULKJOB#session-reminder#${SESSION_ID}#1`, sk: 'BULKJOB' },
      ExpressionAttributeValues: expect.objectContaining({ ':sent': 5 }),
    });
  });

  it('tells a stand-in contact to name lead facilitators, and the CNZ alternate whom it represents', async () => {
    await invoke(reminderDue());

    expect(emailTo(SCHOOL_CONTACT).Content!.Simple!.Body!.Text!.Data).toContain(
      'Prairie View Elementary has not named its lead facilitators yet, so these emails come to you as its contact. ' +
        'Use the roster link in your selection email to name up to 3',
    );
    expect(emailTo(ALTERNATE).Content!.Simple!.Body!.Text!.Data).toContain(
      'You receive this as designated alternate for Show-Me Manufacturing Partners, Collaborative Network Zone (CNZ).',
    );
  });

  it('sends an address on two rosters one reminder naming both participants', async () => {
    givenParticipants([roster(SDZ_ID, 'SDZ', [ANA, CLEO]), roster(ILDZ_ID, 'ILDZ', [{ ...CLEO, name: 'Cleo D.' }])]);

    await invoke(reminderDue());

    expect(recipients()).toEqual([ALTERNATE, ANA.email, CLEO.email, REPRESENTATIVE].sort());
    expect(emailTo(CLEO.email).Content!.Simple!.Body!.Text!.Data).toContain(
      'You receive this as lead facilitator for Lindbergh Schools, System Design Zone (SDZ); and as lead facilitator ' +
        'for Prairie View Elementary, Innovative Learning Design Zone (ILDZ).',
    );
  });

  it('shows a moved session at its new time with the next SEQUENCE, keyed by its new start, and sends nothing for a cancelled one', async () => {
    const moved = {
      ...SESSION_KEY,
      cohort: '2022-2023',
      sessionDate: '2022-11-09',
      sessionId: SESSION_ID,
      sequence: 2,
      status: 'moved',
      date: '2022-11-10',
      start: '13:00',
      end: '14:30',
      changes: [],
      announcedSequence: 2,
    };
    ddb.on(GetCommand, { Key: SESSION_KEY }).resolves({ Item: moved });
    // The dispatcher plans the moved session's reminder for its new start.
    const movedReminder = {
      ...reminderDue(),
      detail: { ...reminderDue().detail, milestoneId: `${SESSION_ID}/reminder/1@2022-11-10T19:00:00.000Z` },
    };
    await invoke(movedReminder);

    const input = emailTo(ANA.email);
    expect(input.Content!.Simple!.Subject!.Data).toBe(
      'In 2 days: Innovation Zones monthly session, November 2022, Thursday, November 10, 2022, 1:00 PM - 2:30 PM CST',
    );
    expect(input.Content!.Simple!.Body!.Text!.Data).toContain(
      'this session was moved from its scheduled time, Wednesday, November 9, 2022, 10:00 AM - 12:00 PM CST',
    );
    expect(ics(input)).toEqual(
      expect.arrayContaining([
        `UID:${SESSION_ID}@srsn-innovation-zones`,
        'SEQUENCE:2',
        'DTSTART:20221110T190000Z',
        'DTEND:20221110T203000Z',
      ]),
    );
    expect(claimedNotifications(ddb)).toContainEqual(
      expect.objectContaining({
        pk: `NOTIFICATION#session-reminder#${SESSION_ID}@2022-11-10T19:00:00.000Z#1#${ANA.email}`,
      }),
    );

    ses.resetHistory();
    ddb.on(GetCommand, { Key: SESSION_KEY }).resolves({ Item: { ...moved, sequence: 3, status: 'cancelled' } });
    expect(await invoke(movedReminder)).toMatchObject({ outcome: `${SESSION_ID} is cancelled: no reminder` });
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
  });

  it('sends nothing for a reminder planned before the session moved: the new time has its own', async () => {
    const moved = {
      ...SESSION_KEY,
      cohort: '2022-2023',
      sessionDate: '2022-11-09',
      sessionId: SESSION_ID,
      sequence: 1,
      status: 'moved',
      date: '2022-11-16',
      start: '10:00',
      end: '12:00',
      changes: [],
      announcedSequence: 1,
    };
    ddb.on(GetCommand, { Key: SESSION_KEY }).resolves({ Item: moved });

    expect(await invoke(reminderDue())).toMatchObject({
      outcome: `${SESSION_ID}/reminder/1 is for a time ${SESSION_ID} no longer has: no reminder`,
    });
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
  });

  it('sends the others and fails the event when one send fails, giving that claim back for the retry', async () => {
    ses
      .on(SendEmailCommand, { Destination: { ToAddresses: [CLEO.email] } })
      .rejects(Object.assign(new Error('Address blacklisted.'), { name: 'MessageRejected' }));

    await expect(invoke(reminderDue())).rejects.toThrow(
      /incomplete: 1 failed, 0 in progress, 4 sent \(MessageRejected\)/,
    );

    expect(recipients()).toHaveLength(5);
    expect(ddb).toReceiveCommandWith(DeleteCommand, {
      TableName: TABLE_NAME,
      Key: { pk: `NOTIFICATION#session-reminder#${SESSION_ID}#1#${CLEO.email}`, sk: 'NOTIFICATION' },
    });
  });

  it('sends nothing to anyone already reminded (a replayed event)', async () => {
    givenAlreadySent(ddb);

    expect(await invoke(reminderDue())).toMatchObject({ outcome: expect.stringContaining('sent 0, already sent 5') });
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
  });
});

describe('SessionChanged', () => {
  const changed = (sequence: number, change: 'moved' | 'cancelled') =>
    envelope('SessionChanged', {
      cohort: '2022-2023',
      sessionId: SESSION_ID,
      sessionDate: '2022-11-09',
      sequence,
      change,
      changedAt: '2022-11-01T15:00:00.000Z',
    });
  const override = (sequence: number, status: string) => ({
    ...SESSION_KEY,
    cohort: '2022-2023',
    sessionDate: '2022-11-09',
    sessionId: SESSION_ID,
    sequence,
    status,
    date: '2022-11-09',
    start: '10:00',
    end: '12:00',
    changes: [
      {
        sequence,
        status,
        date: '2022-11-09',
        start: '10:00',
        end: '12:00',
        by: 'facilitator-sub-1',
        at: '2022-11-01T15:00:00.000Z',
        note: 'Snow & ice',
      },
    ],
    announcedSequence: sequence,
  });

  it('sends every member the cancellation: METHOD:CANCEL, STATUS:CANCELLED, same UID, the change’s SEQUENCE, once per change', async () => {
    ddb.on(GetCommand, { Key: SESSION_KEY }).resolves({ Item: override(1, 'cancelled') });

    await invoke(changed(1, 'cancelled'));

    expect(recipients()).toHaveLength(5);
    const input = emailTo(ANA.email);
    expect(input.Content!.Simple!.Subject!.Data).toBe(
      'Cancelled: Innovation Zones monthly session, November 2022, Wednesday, November 9, 2022, 10:00 AM - ' +
        '12:00 PM CST',
    );
    expect(input.Content!.Simple!.Body!.Text!.Data).toContain('Note from the facilitation team: Snow & ice');
    expect(input.Content!.Simple!.Attachments![0]).toMatchObject({
      FileName: 'session-2022-11-09-cancelled.ics',
      ContentType: 'text/calendar; method=CANCEL; charset=UTF-8',
    });
    expect(ics(input)).toEqual(
      expect.arrayContaining([
        'METHOD:CANCEL',
        'STATUS:CANCELLED',
        `UID:${SESSION_ID}@srsn-innovation-zones`,
        'SEQUENCE:1',
      ]),
    );
    expect(claimedNotifications(ddb)).toContainEqual(
      expect.objectContaining({ pk: `NOTIFICATION#session-change#${SESSION_ID}#1#${ANA.email}` }),
    );
  });

  it('sends nothing for a change a later one superseded', async () => {
    ddb.on(GetCommand, { Key: SESSION_KEY }).resolves({ Item: override(2, 'scheduled') });

    expect(await invoke(changed(1, 'cancelled'))).toMatchObject({
      outcome: `${SESSION_ID} change 1 is superseded by change 2: nothing sent`,
    });
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
  });
});

describe('SessionMaterialsPosted', () => {
  const materials = (revision: number) => ({
    pk: 'SESSION#2022-2023',
    sk: 'MATERIALS#2022-11-09',
    cohort: '2022-2023',
    sessionDate: '2022-11-09',
    sessionId: SESSION_ID,
    revision,
    videoUrl: 'https://video.srsn.example.org/s/2022-11?a=1&b=2',
    slidesUrl: 'https://srsn.example.org/slides/2022-11.pdf',
    postedBy: 'facilitator-sub-1',
    postedAt: '2022-11-10T15:00:00.000Z',
    announcedRevision: revision,
    revisions: [],
  });
  const posted = (revision: number) =>
    envelope('SessionMaterialsPosted', {
      cohort: '2022-2023',
      sessionId: SESSION_ID,
      sessionDate: '2022-11-09',
      revision,
      postedAt: '2022-11-10T15:00:00.000Z',
    });

  it('sends every member the links once per session, and once more per corrected revision', async () => {
    ddb
      .on(GetCommand, { Key: { pk: 'SESSION#2022-2023', sk: 'MATERIALS#2022-11-09' } })
      .resolves({ Item: materials(1) });
    await invoke(posted(1));

    const input = emailTo(ANA.email);
    expect(input.Content!.Simple!.Subject!.Data).toBe(
      'Video and slides: Innovation Zones monthly session, November 2022',
    );
    expect(input.Content!.Simple).not.toHaveProperty('Attachments');
    expect(input.Content!.Simple!.Body!.Text!.Data).toContain(
      'Video:\nhttps://video.srsn.example.org/s/2022-11?a=1&b=2',
    );
    expect(input.Content!.Simple!.Body!.Html!.Data).toContain(
      '<a href="https://video.srsn.example.org/s/2022-11?a=1&amp;b=2">',
    );
    expect(claimedNotifications(ddb)).toContainEqual(
      expect.objectContaining({ pk: `NOTIFICATION#materials#${SESSION_ID}#${ANA.email}` }),
    );

    ddb
      .on(GetCommand, { Key: { pk: 'SESSION#2022-2023', sk: 'MATERIALS#2022-11-09' } })
      .resolves({ Item: materials(2) });
    ses.resetHistory();
    await invoke(posted(2));
    expect(emailTo(ANA.email).Content!.Simple!.Subject!.Data).toBe(
      'Updated video and slides: Innovation Zones monthly session, November 2022',
    );
    expect(claimedNotifications(ddb)).toContainEqual(
      expect.objectContaining({ pk: `NOTIFICATION#materials#${SESSION_ID}#revision-2#${ANA.email}` }),
    );
  });
});

describe('PlanningMeetingReminderDue', () => {
  it('sends the SDZ participants’ contacts and lead facilitators the notice, with the selection email’s UID, reading only the SDZ queue', async () => {
    setClockSource(() => new Date('2022-09-26T15:00:02.000Z'));

    await invoke(
      envelope('PlanningMeetingReminderDue', {
        milestoneId: '2022-2023/planning/2022-10-03/reminder/7',
        cohort: '2022-2023',
        dueAt: '2022-09-26T15:00:00.000Z',
        meetingId: '2022-2023/planning/2022-10-03',
        offsetDays: 7,
      }),
    );

    expect(recipients()).toEqual(['dana.whitfield@lindbergh.example.org', ANA.email, CLEO.email].sort());
    const input = emailTo('dana.whitfield@lindbergh.example.org');
    expect(input.Content!.Simple!.Subject!.Data).toBe(
      'In 7 days: System Design Zone Planning Meeting, Monday, October 3, 2022, 10:00 AM - 3:00 PM CDT',
    );
    expect(input.Content!.Simple!.Body!.Text!.Data).toContain(
      'You receive this as contact for Lindbergh Schools, System Design Zone (SDZ).',
    );
    expect(ics(input)).toEqual(
      expect.arrayContaining([
        'METHOD:REQUEST',
        'UID:2022-2023/planning/2022-10-03@srsn-innovation-zones',
        'SEQUENCE:0',
        'DTSTART:20221003T150000Z',
        'DTEND:20221003T200000Z',
      ]),
    );
    expect(
      ddb.commandCalls(QueryCommand).map((entry) => entry.args[0].input.ExpressionAttributeValues![':pk']),
    ).toEqual(['ROSTER#2022-2023', 'COHORT#2022-2023#ZONE#SDZ']);
  });
});

describe('other events', () => {
  it('discards an event type it does not consume, and a reminder whose detail is invalid', async () => {
    expect(await invoke(envelope('ApplicationSubmitted', {}))).toMatchObject({
      status: 'discarded',
      reason: expect.stringContaining(
        'must be one of InvitationsDue, InviteesImported, DeadlineReminderDue, SessionReminderDue',
      ),
    });
    expect(await invoke(envelope('toString', {}))).toMatchObject({ status: 'discarded' });
    expect(await invoke({ ...reminderDue(), detail: { ...reminderDue().detail, offsetDays: -1 } })).toMatchObject({
      status: 'discarded',
      reason: expect.stringContaining('detail.offsetDays'),
    });
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
    expect(takeLogs()).toMatchObject([
      {
        level: 'ERROR',
        message: 'Discarded an event of a type this function does not consume',
        detailType: 'ApplicationSubmitted',
      },
      {
        level: 'ERROR',
        message: 'Discarded an event of a type this function does not consume',
        detailType: 'toString',
      },
      {
        level: 'ERROR',
        message: 'Discarded an invalid SessionReminderDue event',
        errors: [{ field: 'detail.offsetDays' }],
      },
    ]);
  });
});
