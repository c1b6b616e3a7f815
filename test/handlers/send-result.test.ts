import { createHmac } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONFIGURATION_SET, EVENT_BUS_NAME, SENDER_ADDRESS, TABLE_NAME } from '../support/handler-environment.ts';

// The handler builds roster links at load: the key (as the local runtime gives it) and the API's URL.
const LINKS = vi.hoisted(() => {
  const values = {
    APPLICANT_LINK_KEY: 'roster-link-test-key-0123456789abcdefghijklmnopqrstuvwxyz',
    PUBLIC_API_URL: 'https://api.srsn.example.org',
  };
  delete process.env.APPLICANT_LINK_SECRET_ARN;
  Object.assign(process.env, values);
  return values;
});
// It reads the facilitators' addresses at load too: the result email names them for the board resolution.
vi.hoisted(() => {
  process.env.FACILITATOR_EMAILS = 'lead@srsn.example.org,second@srsn.example.org';
});

import { handler } from '../../functions/send-result/handler.ts';
import { resetClockSource, setClockSource } from '../../shared/platform/time/clock.ts';
import { validApplication } from '../fixtures/applications.ts';
import { lambdaContext } from '../support/api-event.ts';
import { takeLogs } from '../support/logs.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);
const eventBridge = mockClient(EventBridgeClient);

const SDZ_ID = 'sdz-2022-2023-0453ba3b856e';
/** The id the same district (district:096-104) has in the ILDZ: sha256("2022-2023|ILDZ|district:096-104"). */
const ILDZ_ID = 'ildz-2022-2023-7937e053cff7';
const NOW = new Date('2022-09-15T14:00:07.000Z');
const NOW_EPOCH = Math.floor(NOW.getTime() / 1000);
const MESSAGE_ID = '0100018301a2b3c4-ses-result-1';
const SUBMITTED_AT = '2022-09-01T15:00:00.000Z';

const applicationKey = (id: string) => ({ pk: `APPLICATION#${id}`, sk: 'APPLICATION' });
const RELEASE_KEY = { pk: 'RELEASE#2022-2023#SDZ', sk: 'RELEASE' };

function conditionalCheckFailed(): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
}

function storedSdz(status: string, extra: Record<string, unknown> = {}) {
  return {
    ...applicationKey(SDZ_ID),
    gsi1pk: 'COHORT#2022-2023#ZONE#SDZ',
    gsi1sk: `STATUS#${status}#${SUBMITTED_AT}#${SDZ_ID}`,
    type: 'Application',
    applicationId: SDZ_ID,
    cohort: '2022-2023',
    zone: 'SDZ',
    applicantKey: 'district:096-104',
    status,
    submittedAt: SUBMITTED_AT,
    application: validApplication('SDZ'),
    requestHash: 'a'.repeat(64),
    version: 2,
    ...extra,
  };
}

function resultDue(applicationId = SDZ_ID, zone = 'SDZ', detail: Record<string, unknown> = {}) {
  return {
    version: '0',
    id: '5c8f2a1e-3b4d-4e6f-8a9b-0c1d2e3f4a5b',
    'detail-type': 'ApplicationResultDue',
    source: 'srsn.innovation-zones',
    account: '123456789012',
    time: '2022-09-15T14:00:05Z',
    region: 'us-east-2',
    resources: [],
    detail: { applicationId, cohort: '2022-2023', zone, ...detail },
  };
}

const invoke = (event: unknown) => handler(event, lambdaContext('send-result'));

function given(item: Record<string, any>): void {
  ddb.on(GetCommand, { Key: applicationKey(item.applicationId) }).resolves({ Item: item });
}

function givenReleased(): void {
  ddb.on(GetCommand, { Key: RELEASE_KEY }).resolves({
    Item: {
      ...RELEASE_KEY,
      type: 'Release',
      cohort: '2022-2023',
      zone: 'SDZ',
      milestoneId: '2022-2023/release/SDZ',
      releasedBy: 'schedule',
      releasedAt: '2022-09-15T14:00:05.000Z',
      status: 'releasing',
    },
  });
}

function sentEmail() {
  expect(ses).toReceiveCommandTimes(SendEmailCommand, 1);
  return ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
}

const applicationUpdates = () =>
  ddb.commandCalls(UpdateCommand).filter((call) => call.args[0].input.Key?.sk === 'APPLICATION');

beforeEach(() => {
  ddb.reset();
  ses.reset();
  eventBridge.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(PutCommand).resolves({});
  ddb.on(DeleteCommand).resolves({});
  ddb
    .on(UpdateCommand)
    .callsFake(async (input: { Key: { sk: string }; ExpressionAttributeValues: Record<string, unknown> }) =>
      input.Key.sk === 'APPLICATION'
        ? {
            Attributes: {
              ...storedSdz('selected'),
              version: input.ExpressionAttributeValues[':next'],
              resultSent: input.ExpressionAttributeValues[':resultSent'],
            },
          }
        : {},
    );
  ses.on(SendEmailCommand).resolves({ MessageId: MESSAGE_ID });
  eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'event-1' }] });
  setClockSource(() => new Date(NOW));
});

afterAll(() => {
  resetClockSource();
  ddb.restore();
  ses.restore();
  eventBridge.restore();
});

describe('send-result: a selected SDZ district, zone released', () => {
  beforeEach(() => {
    given(storedSdz('selected'));
    givenReleased();
  });

  it('claims result#<id> in the ledger before sending', async () => {
    await invoke(resultDue());

    expect(ddb).toReceiveCommandWith(PutCommand, {
      TableName: TABLE_NAME,
      Item: {
        pk: `NOTIFICATION#result#${SDZ_ID}`,
        sk: 'NOTIFICATION',
        type: 'Notification',
        kind: 'result',
        subjectId: SDZ_ID,
        status: 'claimed',
        claimToken: expect.stringMatching(/^[0-9a-f-]{36}$/),
        claimedUntil: NOW_EPOCH + 120,
        expiresAt: NOW_EPOCH + 400 * 86400,
      },
      ConditionExpression: 'attribute_not_exists(pk) OR (#status = :claimed AND claimedUntil < :now)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':claimed': 'claimed', ':now': NOW_EPOCH },
    });
  });

  it('keeps what the result said (decision and template) with its ledger entry', async () => {
    await invoke(resultDue());

    expect(ddb).toReceiveCommandWith(UpdateCommand, {
      Key: { pk: `NOTIFICATION#result#${SDZ_ID}`, sk: 'NOTIFICATION' },
      ExpressionAttributeValues: expect.objectContaining({
        ':sent': 'sent',
        ':messageId': MESSAGE_ID,
        ':summary': { decision: 'selected', template: 'sdz-selected' },
      }),
    });
  });

  it('sends one email to the contact, copying the superintendent, with the planning meeting invitation attached', async () => {
    const result = await invoke(resultDue());

    expect(result).toStrictEqual({ status: 'processed', outcome: 'sent' });
    expect(sentEmail()).toStrictEqual({
      FromEmailAddress: SENDER_ADDRESS,
      Destination: {
        ToAddresses: ['dana.whitfield@lindbergh.example.org'],
        CcAddresses: ['superintendent@lindbergh.example.org'],
      },
      Content: {
        Simple: {
          Subject: { Data: 'Selected for the System Design Zone (SDZ): Lindbergh Schools', Charset: 'UTF-8' },
          Body: {
            Html: { Data: expect.stringContaining('<!doctype html>'), Charset: 'UTF-8' },
            Text: { Data: expect.any(String), Charset: 'UTF-8' },
          },
          Attachments: [
            {
              FileName: 'planning-meeting.ics',
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
        { Name: 'notification', Value: 'result' },
        { Name: 'application', Value: SDZ_ID },
      ],
    });
  });

  it('invites to 10:00-15:00 CDT on 2022-10-03 (15:00Z-20:00Z) with a stable UID, SEQUENCE 0, the recipients as attendees', async () => {
    await invoke(resultDue());

    const ics = Buffer.from(sentEmail().Content!.Simple!.Attachments![0]!.RawContent!).toString('utf8');
    const unfolded = ics.replace(/\r\n /g, '');
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    for (const line of [
      'METHOD:REQUEST',
      'UID:2022-2023/planning/2022-10-03@srsn-innovation-zones',
      'SEQUENCE:0',
      'DTSTAMP:20220915T140007Z',
      'DTSTART:20221003T150000Z',
      'DTEND:20221003T200000Z',
      'SUMMARY:System Design Zone Planning Meeting',
      'LOCATION:MASA\\, Jefferson City\\, MO',
      'ORGANIZER;CN="Innovation Zones":mailto:no-reply@srsn.example.org',
      'ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:MAILTO:dana.whitfield@lindbergh.example.org',
      'ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:MAILTO:superintendent@lindbergh.example.org',
      'STATUS:CONFIRMED',
    ]) {
      expect(unfolded.split('\r\n')).toContain(line);
    }
    expect(ics.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
  });

  it('asks for the board resolution with the sample text and gives the planning meeting in Central time, in both parts', async () => {
    await invoke(resultDue());

    const body = sentEmail().Content!.Simple!.Body!;
    for (const part of [body.Text!.Data!, body.Html!.Data!]) {
      expect(part).toContain('Monday, October 3, 2022, 10:00 AM - 3:00 PM CDT, at MASA, Jefferson City, MO');
      expect(part).toContain('SUPPORTING PARTICIPATION IN THE SUCCESS-READY STUDENTS NETWORK');
      expect(part).toContain('System Design Zone (SDZ)');
    }
    expect(body.Text!.Data!).not.toContain('<');
  });

  it('tells where to email the adopted board resolution (the sender takes no replies) and how often we remind, in both parts', async () => {
    await invoke(resultDue());

    const body = sentEmail().Content!.Simple!.Body!;
    for (const part of [body.Text!.Data!, body.Html!.Data!]) {
      expect(part).toContain(
        `Once it is adopted, email it (a signed copy, or a link to the board minutes) with the date it was adopted ` +
          `to the facilitation team at lead@srsn.example.org, second@srsn.example.org, quoting the application ` +
          `reference ${SDZ_ID}; a facilitator records it. Until it is recorded we will remind you every week.`,
      );
      expect(part).not.toContain('reply to this email');
    }
  });

  it('gives the roster link with the application secret and what to send, in both parts', async () => {
    await invoke(resultDue());

    const secret = createHmac('sha256', LINKS.APPLICANT_LINK_KEY)
      .update(`srsn-innovation-zones/applicant-link/v1\n${SDZ_ID}`)
      .digest('base64url');
    const body = sentEmail().Content!.Simple!.Body!;
    for (const part of [body.Text!.Data!, body.Html!.Data!]) {
      expect(part).toContain(`${LINKS.PUBLIC_API_URL}/applications/${SDZ_ID}/roster?secret=${secret}`);
      expect(part).toContain(`a PUT request to ${LINKS.PUBLIC_API_URL}/applications/${SDZ_ID}/roster with a JSON body`);
      expect(part).toContain('Name up to 3 lead facilitators: the name, title and email address of each.');
    }
    expect(body.Text!.Data!).toContain(
      `{"secret":"${secret}","leadFacilitators":[{"name":"Full name","title":"Title","email":"name@example.org"}]}`,
    );
    expect(body.Text!.Data!).not.toContain('we will write to you separately');
  });

  it('records the result on the application with an optimistic update, then in its trail', async () => {
    await invoke(resultDue());

    expect(applicationUpdates()).toHaveLength(1);
    expect(ddb).toReceiveCommandWith(UpdateCommand, {
      TableName: TABLE_NAME,
      Key: applicationKey(SDZ_ID),
      UpdateExpression: 'SET #version = :next, #resultSent = :resultSent',
      ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
      ExpressionAttributeNames: { '#version': 'version', '#resultSent': 'resultSent' },
      ExpressionAttributeValues: {
        ':expected': 2,
        ':next': 3,
        ':resultSent': { decision: 'selected', sentAt: NOW.toISOString(), corrections: 0 },
      },
      ReturnValues: 'ALL_NEW',
    });
    expect(ddb).toReceiveCommandWith(PutCommand, {
      Item: expect.objectContaining({
        pk: `APPLICATION#${SDZ_ID}`,
        actor: 'system',
        action: 'result-sent',
        details: { decision: 'selected', template: 'sdz-selected', outcome: 'sent', version: 3 },
      }),
    });
    expect(ddb).toReceiveCommandWith(PutCommand, {
      Item: expect.objectContaining({ action: 'email-sent', details: expect.objectContaining({ kind: 'result' }) }),
    });
  });

  it('re-reads and records again when someone changed the application meanwhile', async () => {
    ddb
      .on(GetCommand, { Key: applicationKey(SDZ_ID) })
      .resolvesOnce({ Item: storedSdz('selected') })
      .resolves({ Item: storedSdz('selected', { version: 3, boardResolution: undefined }) });
    let first = true;
    ddb
      .on(UpdateCommand)
      .callsFake(async (input: { Key: { sk: string }; ExpressionAttributeValues: Record<string, unknown> }) => {
        if (input.Key.sk !== 'APPLICATION') return {};
        if (first) {
          first = false;
          throw conditionalCheckFailed();
        }
        return { Attributes: { ...storedSdz('selected'), version: input.ExpressionAttributeValues[':next'] } };
      });

    await invoke(resultDue());

    expect(applicationUpdates().map((call) => call.args[0].input.ExpressionAttributeValues)).toEqual([
      expect.objectContaining({ ':expected': 2, ':next': 3 }),
      expect.objectContaining({ ':expected': 3, ':next': 4 }),
    ]);
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 1);
  });

  it('sends nothing, but records the result, when the ledger shows the email went out before the record was written', async () => {
    ddb.on(PutCommand).callsFake(async (input: { Item: { pk: string } }) => {
      if (input.Item.pk === `NOTIFICATION#result#${SDZ_ID}`) throw conditionalCheckFailed();
      return {};
    });
    ddb
      .on(GetCommand, { Key: { pk: `NOTIFICATION#result#${SDZ_ID}`, sk: 'NOTIFICATION' } })
      .resolves({ Item: { status: 'sent', kind: 'result', subjectId: SDZ_ID, messageId: MESSAGE_ID } });

    const result = await invoke(resultDue());

    expect(result).toStrictEqual({ status: 'processed', outcome: 'already-sent' });
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
    expect(applicationUpdates()).toHaveLength(1);
  });

  it('records the decision the email said, not a later one, when a retry finds the result sent: no rollover, so a correction can follow', async () => {
    // The first attempt emailed "selected" and stopped before recording it; the decision changed since.
    given(storedSdz('not_selected'));
    ddb.on(PutCommand).callsFake(async (input: { Item: { pk: string } }) => {
      if (input.Item.pk === `NOTIFICATION#result#${SDZ_ID}`) throw conditionalCheckFailed();
      return {};
    });
    ddb.on(GetCommand, { Key: { pk: `NOTIFICATION#result#${SDZ_ID}`, sk: 'NOTIFICATION' } }).resolves({
      Item: {
        status: 'sent',
        kind: 'result',
        subjectId: SDZ_ID,
        messageId: MESSAGE_ID,
        summary: { decision: 'selected', template: 'sdz-selected' },
      },
    });

    const result = await invoke(resultDue());

    expect(result).toStrictEqual({ status: 'processed', outcome: 'already-sent' });
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 0);
    expect(
      ddb
        .commandCalls(PutCommand)
        .filter(
          (call) =>
            call.args[0].input.Item?.pk === `APPLICATION#${ILDZ_ID}` ||
            call.args[0].input.Item?.pk === `NOTIFICATION#rollover#${SDZ_ID}`,
        ),
    ).toHaveLength(0);
    expect(applicationUpdates().map((call) => call.args[0].input.ExpressionAttributeValues?.[':resultSent'])).toEqual([
      { decision: 'selected', sentAt: NOW.toISOString(), corrections: 0 },
    ]);
    expect(ddb).toReceiveCommandWith(PutCommand, {
      Item: expect.objectContaining({
        action: 'result-sent',
        details: expect.objectContaining({ decision: 'selected', template: 'sdz-selected', outcome: 'already-sent' }),
      }),
    });
  });

  it('gives the claim back and throws, recording nothing, when SES refuses', async () => {
    ses.on(SendEmailCommand).rejects(new Error('Daily message quota exceeded'));

    await expect(invoke(resultDue())).rejects.toThrow('Daily message quota exceeded');
    expect(ddb).toReceiveCommandWith(DeleteCommand, {
      Key: { pk: `NOTIFICATION#result#${SDZ_ID}`, sk: 'NOTIFICATION' },
    });
    expect(applicationUpdates()).toHaveLength(0);
  });
});

describe('send-result: an SDZ district not selected (rollover policy accept)', () => {
  beforeEach(() => {
    given(storedSdz('not_selected'));
    givenReleased();
  });

  it('creates its ILDZ place as selected with one conditional put on the id its own ILDZ application would have', async () => {
    await invoke(resultDue());

    const { pk: _pk, sk: _sk, gsi1pk: _gsi1pk, gsi1sk: _gsi1sk, type: _type, ...sdz } = storedSdz('not_selected');
    expect(ddb).toReceiveCommandWith(PutCommand, {
      TableName: TABLE_NAME,
      Item: {
        ...applicationKey(ILDZ_ID),
        gsi1pk: 'COHORT#2022-2023#ZONE#ILDZ',
        gsi1sk: `STATUS#selected#${SUBMITTED_AT}#${ILDZ_ID}`,
        type: 'Application',
        applicationId: ILDZ_ID,
        cohort: '2022-2023',
        zone: 'ILDZ',
        applicantKey: 'district:096-104',
        status: 'selected',
        submittedAt: SUBMITTED_AT,
        application: sdz.application,
        requestHash: `rollover:${SDZ_ID}`,
        version: 1,
        rolledOverFrom: SDZ_ID,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('publishes ApplicationRolledOver once, and audits both applications', async () => {
    await invoke(resultDue());

    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 1);
    expect(eventBridge).toReceiveCommandWith(PutEventsCommand, {
      Entries: [
        {
          EventBusName: EVENT_BUS_NAME,
          Source: 'srsn.innovation-zones',
          DetailType: 'ApplicationRolledOver',
          Detail: JSON.stringify({
            fromApplicationId: SDZ_ID,
            toApplicationId: ILDZ_ID,
            cohort: '2022-2023',
            policy: 'accept',
            placement: 'created',
          }),
          Time: NOW,
        },
      ],
    });
    expect(ddb).toReceiveCommandWith(PutCommand, {
      Item: expect.objectContaining({ pk: `NOTIFICATION#rollover#${SDZ_ID}`, kind: 'rollover' }),
    });
    expect(ddb).toReceiveCommandWith(PutCommand, {
      Item: expect.objectContaining({ pk: `APPLICATION#${SDZ_ID}`, action: 'rolled-over' }),
    });
    expect(ddb).toReceiveCommandWith(PutCommand, {
      Item: expect.objectContaining({
        pk: `APPLICATION#${ILDZ_ID}`,
        action: 'placed-by-rollover',
        details: expect.objectContaining({ status: 'selected' }),
      }),
    });
  });

  it('sends one combined email: not selected for the SDZ, accepted into the ILDZ, no invitation', async () => {
    await invoke(resultDue());

    const input = sentEmail();
    expect(input.Content!.Simple!.Subject!.Data).toBe(
      'System Design Zone (SDZ) result and your place in the Innovative Learning Design Zone (ILDZ): Lindbergh Schools',
    );
    expect(input.Content!.Simple).not.toHaveProperty('Attachments');
    const text = input.Content!.Simple!.Body!.Text!.Data!;
    expect(text).toContain('Lindbergh Schools was not selected for the System Design Zone (SDZ).');
    expect(text).toContain(
      `is automatically accepted into the Innovative Learning Design Zone (ILDZ) as a participant, without another ` +
        `application. Your ILDZ reference is ${ILDZ_ID}.`,
    );
  });

  it('keeps the district’s own undecided ILDZ application, accepts it as its place with one conditional update, says so, and creates nothing', async () => {
    ddb.on(PutCommand).callsFake(async (input: { Item: { pk: string; sk: string } }) => {
      if (input.Item.pk === `APPLICATION#${ILDZ_ID}` && input.Item.sk === 'APPLICATION') throw conditionalCheckFailed();
      return {};
    });
    given({
      ...storedSdz('submitted'),
      ...applicationKey(ILDZ_ID),
      applicationId: ILDZ_ID,
      zone: 'ILDZ',
      application: validApplication('ILDZ'),
    });

    await invoke(resultDue());

    expect(
      ddb
        .commandCalls(PutCommand)
        .filter(
          (call) =>
            call.args[0].input.Item?.pk === `APPLICATION#${ILDZ_ID}` && call.args[0].input.Item?.sk === 'APPLICATION',
        ),
    ).toHaveLength(1);
    const ownUpdates = applicationUpdates().filter((call) => call.args[0].input.Key?.pk === `APPLICATION#${ILDZ_ID}`);
    expect(ownUpdates).toHaveLength(1);
    expect(ownUpdates[0]!.args[0].input).toMatchObject({
      TableName: TABLE_NAME,
      ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
      ExpressionAttributeValues: {
        ':expected': 2,
        ':next': 3,
        ':status': 'selected',
        ':rolledOverFrom': SDZ_ID,
        ':gsi1sk': `STATUS#selected#${SUBMITTED_AT}#${ILDZ_ID}`,
      },
    });
    expect(JSON.parse(eventBridge.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries![0]!.Detail!)).toMatchObject(
      { placement: 'own-application' },
    );
    expect(ddb).toReceiveCommandWith(PutCommand, {
      Item: expect.objectContaining({ pk: `APPLICATION#${ILDZ_ID}`, action: 'rollover-kept-own-application' }),
    });
    const text = sentEmail().Content!.Simple!.Body!.Text!.Data!;
    expect(text).toContain(
      `You had also applied to the Innovative Learning Design Zone (ILDZ) yourselves (reference ${ILDZ_ID}): we keep ` +
        `that application as your Innovative Learning Design Zone (ILDZ) place, so there is no second one.`,
    );
    expect(text).not.toContain('ILDZ notifications');
  });

  it('leaves the district’s own ILDZ application alone when a facilitator already reviewed it', async () => {
    ddb.on(PutCommand).callsFake(async (input: { Item: { pk: string; sk: string } }) => {
      if (input.Item.pk === `APPLICATION#${ILDZ_ID}` && input.Item.sk === 'APPLICATION') throw conditionalCheckFailed();
      return {};
    });
    const review = {
      scores: { elements: { 1: 3, 2: 3, 3: 3, 4: 3, 5: 3, 6: 3, 7: 3, 8: 3 } },
      notes: 'Reviewed.',
      decision: 'selected',
      reviewedBy: 'lead@srsn.example.org',
      reviewedAt: '2022-09-14T15:00:00.000Z',
    };
    given({
      ...storedSdz('selected'),
      ...applicationKey(ILDZ_ID),
      applicationId: ILDZ_ID,
      zone: 'ILDZ',
      application: validApplication('ILDZ'),
      review,
    });

    await invoke(resultDue());

    expect(applicationUpdates().filter((call) => call.args[0].input.Key?.pk === `APPLICATION#${ILDZ_ID}`)).toHaveLength(
      0,
    );
    expect(JSON.parse(eventBridge.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries![0]!.Detail!)).toMatchObject(
      { placement: 'own-application' },
    );
  });

  it('places no rollover while another delivery holds the result claim', async () => {
    ddb.on(PutCommand).callsFake(async (input: { Item: { pk: string } }) => {
      if (input.Item.pk === `NOTIFICATION#result#${SDZ_ID}`) throw conditionalCheckFailed();
      return {};
    });
    ddb
      .on(GetCommand, { Key: { pk: `NOTIFICATION#result#${SDZ_ID}`, sk: 'NOTIFICATION' } })
      .resolves({ Item: { status: 'claimed', kind: 'result', subjectId: SDZ_ID } });

    await expect(invoke(resultDue())).rejects.toThrow(
      `Notification result#${SDZ_ID} is being sent by another invocation`,
    );
    expect(
      ddb.commandCalls(PutCommand).filter((call) => call.args[0].input.Item?.pk === `APPLICATION#${ILDZ_ID}`),
    ).toHaveLength(0);
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 0);
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
  });

  it('retries recording the rollover in place, so a failed ledger write neither fails the result nor repeats the rollover', async () => {
    let failures = 1;
    ddb
      .on(UpdateCommand, { Key: { pk: `NOTIFICATION#rollover#${SDZ_ID}`, sk: 'NOTIFICATION' } })
      .callsFake(async () => {
        if (failures-- > 0) throw new Error('Internal server error');
        return {};
      });

    const result = await invoke(resultDue());

    expect(result).toStrictEqual({ status: 'processed', outcome: 'sent' });
    expect(
      ddb
        .commandCalls(UpdateCommand)
        .filter((call) => call.args[0].input.Key?.pk === `NOTIFICATION#rollover#${SDZ_ID}`),
    ).toHaveLength(2);
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 1);
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 1);
  });

  it('places nothing when a facilitator already decided the district’s own ILDZ application not selected, and says that application is decided on its own', async () => {
    ddb.on(PutCommand).callsFake(async (input: { Item: { pk: string; sk: string } }) => {
      if (input.Item.pk === `APPLICATION#${ILDZ_ID}` && input.Item.sk === 'APPLICATION') throw conditionalCheckFailed();
      return {};
    });
    const review = {
      scores: { elements: { 1: 2, 2: 2, 3: 2, 4: 2, 5: 2, 6: 2, 7: 2, 8: 2 } },
      notes: 'Reviewed.',
      decision: 'not_selected',
      reviewedBy: 'lead@srsn.example.org',
      reviewedAt: '2022-09-14T15:00:00.000Z',
    };
    given({
      ...storedSdz('not_selected'),
      ...applicationKey(ILDZ_ID),
      applicationId: ILDZ_ID,
      zone: 'ILDZ',
      application: validApplication('ILDZ'),
      review,
    });

    await invoke(resultDue());

    const input = sentEmail();
    expect(input.Content!.Simple!.Subject!.Data).toBe('System Design Zone (SDZ) result: Lindbergh Schools');
    for (const part of [input.Content!.Simple!.Body!.Text!.Data!, input.Content!.Simple!.Body!.Html!.Data!]) {
      expect(part).toContain(
        `You also applied to the Innovative Learning Design Zone (ILDZ) yourselves (reference ${ILDZ_ID}): that ` +
          `application is decided on its own, apart from this result.`,
      );
      expect(part).not.toContain('accepted into');
      expect(part).not.toContain('/roster?secret=');
    }
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 0);
    expect(applicationUpdates().filter((call) => call.args[0].input.Key?.pk === `APPLICATION#${ILDZ_ID}`)).toHaveLength(
      0,
    );
    expect(ddb).toReceiveCommandWith(UpdateCommand, {
      Key: { pk: `NOTIFICATION#result#${SDZ_ID}`, sk: 'NOTIFICATION' },
      ExpressionAttributeValues: expect.objectContaining({
        ':summary': { decision: 'not_selected', template: 'sdz-not-selected' },
      }),
    });
  });

  it('does not announce the rollover again when it was announced before (a retry after the email failed)', async () => {
    ddb.on(PutCommand).callsFake(async (input: { Item: { pk: string; sk: string } }) => {
      if (
        (input.Item.pk === `APPLICATION#${ILDZ_ID}` && input.Item.sk === 'APPLICATION') ||
        input.Item.pk === `NOTIFICATION#rollover#${SDZ_ID}`
      )
        throw conditionalCheckFailed();
      return {};
    });
    // The place the first attempt created: it carries the rollover's request hash.
    given({
      ...storedSdz('selected'),
      ...applicationKey(ILDZ_ID),
      applicationId: ILDZ_ID,
      zone: 'ILDZ',
      requestHash: `rollover:${SDZ_ID}`,
      rolledOverFrom: SDZ_ID,
    });
    ddb
      .on(GetCommand, { Key: { pk: `NOTIFICATION#rollover#${SDZ_ID}`, sk: 'NOTIFICATION' } })
      .resolves({ Item: { status: 'sent', kind: 'rollover', subjectId: SDZ_ID } });

    await invoke(resultDue());

    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 0);
    expect(
      ddb
        .commandCalls(PutCommand)
        .filter(
          (call) =>
            String(call.args[0].input.Item?.sk).startsWith('AUDIT#') &&
            call.args[0].input.Item?.action !== 'email-sent' &&
            call.args[0].input.Item?.action !== 'result-sent',
        ),
    ).toHaveLength(0);
    expect(applicationUpdates().filter((call) => call.args[0].input.Key?.pk === `APPLICATION#${ILDZ_ID}`)).toHaveLength(
      0,
    );
    expect(sentEmail().Content!.Simple!.Body!.Text!.Data!).toContain(
      'automatically accepted into the Innovative Learning Design Zone (ILDZ)',
    );
  });
});

describe('send-result: nothing to send', () => {
  it('sends nothing before the zone is released', async () => {
    given(storedSdz('selected'));

    const result = await invoke(resultDue());

    expect(result).toStrictEqual({ status: 'processed', outcome: 'not-released' });
    expect(ddb).toReceiveCommandWith(GetCommand, { TableName: TABLE_NAME, Key: RELEASE_KEY, ConsistentRead: true });
    expect(ddb).toReceiveCommandTimes(PutCommand, 0);
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
  });

  it('sends nothing once a result went out, even if the decision changed since', async () => {
    given(
      storedSdz('not_selected', {
        resultSent: { decision: 'selected', sentAt: '2022-09-15T14:00:06.000Z', corrections: 0 },
      }),
    );
    givenReleased();

    expect(await invoke(resultDue())).toStrictEqual({ status: 'processed', outcome: 'result-sent-before' });
    expect(ddb).toReceiveCommandTimes(PutCommand, 0);
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
  });

  it('sends nothing for an application without a decision', async () => {
    given(storedSdz('clarification_requested'));
    givenReleased();

    expect(await invoke(resultDue())).toStrictEqual({ status: 'processed', outcome: 'undecided' });
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
  });

  it('sends nothing for an ILDZ place created by an accept rollover: the SDZ result announced it', async () => {
    given({
      ...storedSdz('selected'),
      ...applicationKey(ILDZ_ID),
      applicationId: ILDZ_ID,
      zone: 'ILDZ',
      rolledOverFrom: SDZ_ID,
    });
    ddb
      .on(GetCommand, { Key: { pk: 'RELEASE#2022-2023#ILDZ', sk: 'RELEASE' } })
      .resolves({ Item: { cohort: '2022-2023', zone: 'ILDZ', status: 'released' } });

    expect(await invoke(resultDue(ILDZ_ID, 'ILDZ'))).toStrictEqual({
      status: 'processed',
      outcome: 'announced-with-rollover',
    });
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
  });

  it('answers application-not-found for an unknown id', async () => {
    expect(await invoke(resultDue())).toStrictEqual({ status: 'processed', outcome: 'application-not-found' });
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
  });

  it.each([
    [
      'an id that is not an application id',
      resultDue('sdz-2022-2023-0453ba3b856e#APPLICATION'),
      'detail.applicationId',
    ],
    ['an extra field', resultDue(SDZ_ID, 'SDZ', { email: 'dana.whitfield@lindbergh.example.org' }), 'detail.email'],
    ['another detail-type', { ...resultDue(), 'detail-type': 'ApplicationSubmitted' }, 'detail-type'],
  ])('discards %s without touching anything', async (_label, event, field) => {
    const result = await invoke(event);

    expect(result).toMatchObject({ status: 'discarded' });
    expect(ddb.calls()).toHaveLength(0);
    expect(ses.calls()).toHaveLength(0);
    expect(takeLogs()).toMatchObject([
      { level: 'ERROR', message: 'Discarded an invalid ApplicationResultDue event', errors: [{ field }] },
    ]);
  });
});
