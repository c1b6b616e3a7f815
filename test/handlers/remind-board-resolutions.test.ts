import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONFIGURATION_SET, SENDER_ADDRESS, TABLE_NAME } from '../support/handler-environment.ts';

// The handler reads the facilitators' addresses at load, before any import below runs.
vi.hoisted(() => {
  process.env.FACILITATOR_EMAILS = 'facilitators@srsn.example.org';
});

import { handler } from '../../functions/remind-board-resolutions/handler.ts';
import { sampleBoardResolution } from '../../shared/domain/board-resolution.ts';
import { ENV } from '../../shared/platform/config/env-names.ts';
import { resetClockSource, setClockSource } from '../../shared/platform/time/clock.ts';
import { validApplication } from '../fixtures/applications.ts';
import { lambdaContext } from '../support/api-event.ts';
import { takeLogs } from '../support/logs.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);

const LINDBERGH = 'sdz-2022-2023-0453ba3b856e';
const PRAIRIE = 'sdz-2022-2023-bbbbbbbbbbbb';
const RECORDED = 'sdz-2022-2023-cccccccccccc';
const UNSENT = 'sdz-2022-2023-dddddddddddd';
const SENT_NOT_SELECTED = 'sdz-2022-2023-eeeeeeeeeeee';
const TOLD_LATE = 'sdz-2022-2023-ffffffffffff';

/** Round 2 falls due Thursday, September 29, 2022 at 9:00 AM CDT. */
const ROUND_2_DUE = '2022-09-29T14:00:00.000Z';
const NOW = new Date('2022-09-29T14:00:05.000Z');
const NOW_EPOCH = Math.floor(NOW.getTime() / 1000);
const SUBMITTED_AT = '2022-09-01T15:00:00.000Z';
const RESULT_SENT = { decision: 'selected', sentAt: '2022-09-15T14:00:10.000Z', corrections: 0 };
const MESSAGE_ID = '0100018301a2b3c4-ses-message-1';

const applicationKey = (id: string) => ({ pk: `APPLICATION#${id}`, sk: 'APPLICATION' });
const ledgerKey = (id: string, round: number) => ({
  pk: `NOTIFICATION#board-resolution-reminder#${id}#${round}`,
  sk: 'NOTIFICATION',
});

/** A selected SDZ application as stored, with its result email sent and no resolution. */
function selected(
  id: string,
  overrides: Record<string, unknown> = {},
  application: Record<string, any> = validApplication('SDZ'),
) {
  return {
    ...applicationKey(id),
    gsi1pk: 'COHORT#2022-2023#ZONE#SDZ',
    gsi1sk: `STATUS#selected#${SUBMITTED_AT}#${id}`,
    type: 'Application',
    applicationId: id,
    cohort: '2022-2023',
    zone: 'SDZ',
    applicantKey: `district:${id}`,
    status: 'selected',
    submittedAt: SUBMITTED_AT,
    application,
    requestHash: 'a'.repeat(64),
    version: 3,
    review: {
      scores: { elements: {} },
      notes: '',
      decision: 'selected',
      reviewedBy: 'facilitator-sub-1',
      reviewedAt: '2022-09-13T15:00:00.000Z',
    },
    resultSent: RESULT_SENT,
    ...overrides,
  };
}

function prairieApplication() {
  const application = validApplication('SDZ');
  application.applicant.name = 'Prairie R-IV';
  application.applicant.countyDistrictCode = '010-090';
  application.contact.name = 'Sam Ortega';
  application.contact.email = 'sam.ortega@prairie.example.org';
  application.superintendent.email = 'jreyes@prairie.example.org';
  return application;
}

const PAGE_ONE_END = {
  pk: 'x',
  sk: 'y',
  gsi1pk: 'COHORT#2022-2023#ZONE#SDZ',
  gsi1sk: `STATUS#selected#${SUBMITTED_AT}#${RECORDED}`,
};

/** Two pages of the selected queue: two districts owed a reminder, four not. */
function givenQueue(): void {
  ddb
    .on(QueryCommand)
    .resolvesOnce({
      Items: [
        selected(LINDBERGH),
        selected(RECORDED, {
          boardResolution: {
            adoptedOn: '2022-09-20',
            reference: 'Minutes',
            recordedBy: 'f',
            recordedAt: '2022-09-21T15:00:00.000Z',
          },
        }),
      ],
      LastEvaluatedKey: PAGE_ONE_END,
    })
    .resolvesOnce({
      Items: [
        selected(PRAIRIE, {}, prairieApplication()),
        selected(UNSENT, { resultSent: undefined }),
        selected(SENT_NOT_SELECTED, {
          resultSent: { decision: 'not_selected', sentAt: '2022-09-15T14:00:10.000Z', corrections: 0 },
        }),
        selected(TOLD_LATE, {
          resultSent: { decision: 'selected', sentAt: '2022-09-29T14:00:01.000Z', corrections: 1 },
        }),
      ],
    });
  ddb.on(GetCommand, { Key: applicationKey(LINDBERGH) }).resolves({ Item: selected(LINDBERGH) });
  ddb.on(GetCommand, { Key: applicationKey(PRAIRIE) }).resolves({ Item: selected(PRAIRIE, {}, prairieApplication()) });
}

function roundEvent(round = 2, dueAt = ROUND_2_DUE, detailOverrides: Record<string, unknown> = {}) {
  return {
    version: '0',
    id: '0f5e6a40-3b1d-4f0e-9d55-0d4b0a1f2c3d',
    'detail-type': 'BoardResolutionReminderDue',
    source: 'srsn.innovation-zones',
    account: '123456789012',
    time: dueAt,
    region: 'us-east-2',
    resources: [],
    detail: {
      milestoneId: `2022-2023/board-resolution-reminder/${dueAt.slice(0, 10)}`,
      cohort: '2022-2023',
      dueAt,
      round,
      ...detailOverrides,
    },
  };
}

function invoke(event: unknown) {
  return handler(event, lambdaContext('remind-board-resolutions'));
}

function emailTo(address: string) {
  const call = ses
    .commandCalls(SendEmailCommand)
    .find((entry) => entry.args[0].input.Destination?.ToAddresses?.includes(address));
  expect(call, `an email to ${address}`).toBeDefined();
  return call!.args[0].input;
}

function conditionalCheckFailed(): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
}

beforeEach(() => {
  ddb.reset();
  ses.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
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

describe('remind-board-resolutions: a weekly round', () => {
  beforeEach(() => givenQueue());

  it("queries the SDZ queue's selected applications on the index, page by page, and never scans", async () => {
    await invoke(roundEvent());

    expect(ddb).toReceiveCommandTimes(QueryCommand, 2);
    const expected = {
      TableName: TABLE_NAME,
      IndexName: 'byCohortZone',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :status)',
      ExpressionAttributeValues: { ':pk': 'COHORT#2022-2023#ZONE#SDZ', ':status': 'STATUS#selected#' },
      Limit: 50,
    };
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toStrictEqual(expected);
    expect(ddb.commandCalls(QueryCommand)[1]!.args[0].input).toStrictEqual({
      ...expected,
      ExclusiveStartKey: PAGE_ONE_END,
    });
  });

  it('sends one reminder to each selected district told of its selection and without a resolution, to the contact with copy to the superintendent', async () => {
    await invoke(roundEvent());

    expect(ses).toReceiveCommandTimes(SendEmailCommand, 2);
    expect(emailTo('dana.whitfield@lindbergh.example.org')).toStrictEqual({
      FromEmailAddress: SENDER_ADDRESS,
      Destination: {
        ToAddresses: ['dana.whitfield@lindbergh.example.org'],
        CcAddresses: ['superintendent@lindbergh.example.org'],
      },
      Content: {
        Simple: {
          Subject: { Data: 'Board resolution needed: System Design Zone (SDZ), Lindbergh Schools', Charset: 'UTF-8' },
          Body: {
            Html: { Data: expect.stringContaining('<!doctype html>'), Charset: 'UTF-8' },
            Text: { Data: expect.any(String), Charset: 'UTF-8' },
          },
        },
      },
      ConfigurationSetName: CONFIGURATION_SET,
      EmailTags: [
        { Name: 'notification', Value: 'board-resolution-reminder' },
        { Name: 'application', Value: LINDBERGH },
        { Name: 'round', Value: '2' },
      ],
    });
    expect(emailTo('sam.ortega@prairie.example.org').Destination).toStrictEqual({
      ToAddresses: ['sam.ortega@prairie.example.org'],
      CcAddresses: ['jreyes@prairie.example.org'],
    });
    expect(emailTo('sam.ortega@prairie.example.org').Content!.Simple!.Subject!.Data).toBe(
      'Board resolution needed: System Design Zone (SDZ), Prairie R-IV',
    );
  });

  it('claims the ledger key board-resolution-reminder#<applicationId>#<round> for each, with a conditional put', async () => {
    await invoke(roundEvent());

    for (const id of [LINDBERGH, PRAIRIE]) {
      expect(ddb).toReceiveCommandWith(PutCommand, {
        TableName: TABLE_NAME,
        Item: {
          ...ledgerKey(id, 2),
          type: 'Notification',
          kind: 'board-resolution-reminder',
          subjectId: id,
          status: 'claimed',
          claimToken: expect.stringMatching(/^[0-9a-f-]{36}$/),
          claimedUntil: NOW_EPOCH + 120,
          expiresAt: NOW_EPOCH + 400 * 86400,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR (#status = :claimed AND claimedUntil < :now)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':claimed': 'claimed', ':now': NOW_EPOCH },
      });
    }
    const claims = ddb.commandCalls(PutCommand).filter((call) => call.args[0].input.Item?.sk === 'NOTIFICATION');
    expect(claims.map((call) => call.args[0].input.Item!.pk).sort()).toEqual(
      [ledgerKey(LINDBERGH, 2).pk, ledgerKey(PRAIRIE, 2).pk].sort(),
    );
  });

  it('re-reads each owed district consistently and reads none of the others', async () => {
    await invoke(roundEvent());

    expect(ddb).toReceiveCommandWith(GetCommand, {
      TableName: TABLE_NAME,
      Key: applicationKey(LINDBERGH),
      ConsistentRead: true,
    });
    expect(ddb).toReceiveCommandWith(GetCommand, {
      TableName: TABLE_NAME,
      Key: applicationKey(PRAIRIE),
      ConsistentRead: true,
    });
    const read = ddb.commandCalls(GetCommand).map((call) => call.args[0].input.Key!.pk);
    expect(read.sort()).toEqual([applicationKey(LINDBERGH).pk, applicationKey(PRAIRIE).pk].sort());
  });

  it('records each reminder in the audit trail of its application', async () => {
    await invoke(roundEvent());

    expect(ddb).toReceiveCommandWith(PutCommand, {
      TableName: TABLE_NAME,
      Item: {
        pk: `APPLICATION#${LINDBERGH}`,
        sk: expect.stringMatching(/^AUDIT#2022-09-29T14:00:05\.000Z#/),
        type: 'AuditEntry',
        at: NOW.toISOString(),
        actor: 'system',
        action: 'email-sent',
        details: {
          kind: 'board-resolution-reminder',
          subject: 'Board resolution needed: System Design Zone (SDZ), Lindbergh Schools',
          to: ['dana.whitfield@lindbergh.example.org'],
          cc: ['superintendent@lindbergh.example.org'],
          messageId: MESSAGE_ID,
        },
      },
    });
  });

  it('resolves with the counts of the round', async () => {
    await expect(invoke(roundEvent())).resolves.toStrictEqual({
      status: 'processed',
      outcome: 'round 2: sent 2, already-sent 0, not-owed 4',
    });
  });

  it('sends nothing to a district whose resolution was recorded after the index was read', async () => {
    ddb.on(GetCommand, { Key: applicationKey(PRAIRIE) }).resolves({
      Item: selected(
        PRAIRIE,
        {
          version: 4,
          boardResolution: {
            adoptedOn: '2022-09-27',
            reference: 'Minutes',
            recordedBy: 'f',
            recordedAt: '2022-09-29T13:59:59.000Z',
          },
        },
        prairieApplication(),
      ),
    });

    const result = await invoke(roundEvent());

    expect(ses).toReceiveCommandTimes(SendEmailCommand, 1);
    expect(emailTo('dana.whitfield@lindbergh.example.org')).toBeDefined();
    expect(ddb).not.toReceiveCommandWith(PutCommand, {
      Item: expect.objectContaining({ pk: ledgerKey(PRAIRIE, 2).pk }),
    });
    expect(result).toStrictEqual({ status: 'processed', outcome: 'round 2: sent 1, already-sent 0, not-owed 5' });
  });
});

describe('remind-board-resolutions: the reminder says what is missing and how to submit it', () => {
  beforeEach(() => givenQueue());

  it('names the district, the zone spelled out and the selection date in Central time, in both parts', async () => {
    await invoke(roundEvent());

    const body = emailTo('dana.whitfield@lindbergh.example.org').Content!.Simple!.Body!;
    for (const part of [body.Html!.Data!, body.Text!.Data!]) {
      expect(part).toContain('Dear Dana Whitfield,');
      expect(part).toContain(
        'Lindbergh Schools was selected for the System Design Zone (SDZ) of the Innovation Zones Cohort 1, ' +
          '2022-2023; we told you so on Thursday, September 15, 2022.',
      );
      expect(part).toContain(
        'Participation in the System Design Zone (SDZ) needs a resolution of your board of education supporting it, ' +
          'and we have not yet recorded one for Lindbergh Schools.',
      );
    }
    expect(body.Text!.Data!).toContain(`Application reference: ${LINDBERGH}`);
    expect(body.Html!.Data!).toContain(`Application reference: <strong>${LINDBERGH}</strong>`);
  });

  it('tells how to submit it: to the facilitation team, quoting the reference; a facilitator records it', async () => {
    await invoke(roundEvent());

    const text = emailTo('dana.whitfield@lindbergh.example.org').Content!.Simple!.Body!.Text!.Data!;
    expect(text).toContain(
      `2. Email the adopted resolution (a signed copy, or a link to the board minutes) with the date it was adopted ` +
        `to the facilitation team at facilitators@srsn.example.org, quoting the application reference ${LINDBERGH}.`,
    );
    expect(text).toContain('3. A facilitator records it; the reminders then stop.');
  });

  it('gives the next weekly reminder date and the planning meeting, in Central time', async () => {
    await invoke(roundEvent());

    const body = emailTo('dana.whitfield@lindbergh.example.org').Content!.Simple!.Body!;
    for (const part of [body.Html!.Data!, body.Text!.Data!]) {
      expect(part).toContain(
        'This is reminder 2. Until the resolution is recorded, we will remind you every week; the next reminder is ' +
          'due on Thursday, October 6, 2022.',
      );
      expect(part).toContain(
        'The System Design Zone Planning Meeting is on Monday, October 3, 2022, 10:00 AM - 3:00 PM CDT at MASA, ' +
          'Jefferson City, MO.',
      );
    }
  });

  it('includes the sample board resolution verbatim in the text part and escaped in the HTML part', async () => {
    await invoke(roundEvent());

    const body = emailTo('dana.whitfield@lindbergh.example.org').Content!.Simple!.Body!;
    expect(body.Text!.Data!).toContain(sampleBoardResolution('2022-2023').trimEnd());
    expect(body.Text!.Data!).not.toContain('<');
    expect(body.Html!.Data!).toContain('RESOLUTION OF THE BOARD OF EDUCATION OF THE [NAME OF DISTRICT]');
    expect(body.Html!.Data!).toContain(
      'BE IT FURTHER RESOLVED that the Board of Education authorizes the Superintendent, or the Superintendent&#39;s ' +
        'designee',
    );
  });

  it('escapes user-provided values in the HTML part', async () => {
    const application = validApplication('SDZ');
    application.contact.name = 'Dana <img src=x onerror=alert(1)> Whitfield';
    application.applicant.name = 'Lindbergh & "Sons" <Schools>';
    ddb.on(GetCommand, { Key: applicationKey(LINDBERGH) }).resolves({ Item: selected(LINDBERGH, {}, application) });

    await invoke(roundEvent());

    const htmlPart = emailTo('dana.whitfield@lindbergh.example.org').Content!.Simple!.Body!.Html!.Data!;
    expect(htmlPart).not.toContain('<img');
    expect(htmlPart).not.toContain('<Schools>');
    expect(htmlPart).toContain('Dana &lt;img src=x onerror=alert(1)&gt; Whitfield');
    expect(htmlPart).toContain('Lindbergh &amp; &quot;Sons&quot; &lt;Schools&gt;');
  });

  it('says the last round of the season is the last reminder, and no longer announces the past planning meeting', async () => {
    await invoke(roundEvent(38, '2023-06-08T14:00:00.000Z'));

    const text = emailTo('dana.whitfield@lindbergh.example.org').Content!.Simple!.Body!.Text!;
    expect(text.Data!).toContain('This is reminder 38, the last one of the Innovation Zones Cohort 1, 2022-2023.');
    expect(text.Data!).not.toContain('next reminder');
    expect(text.Data!).not.toContain('Planning Meeting');
    expect(ddb).toReceiveCommandWith(PutCommand, { Item: expect.objectContaining(ledgerKey(LINDBERGH, 38)) });
  });

  it('does not copy the superintendent who is also the contact', async () => {
    const application = validApplication('SDZ');
    application.superintendent.email = application.contact.email;
    ddb.on(GetCommand, { Key: applicationKey(LINDBERGH) }).resolves({ Item: selected(LINDBERGH, {}, application) });

    await invoke(roundEvent());

    expect(emailTo('dana.whitfield@lindbergh.example.org').Destination).toStrictEqual({
      ToAddresses: ['dana.whitfield@lindbergh.example.org'],
    });
  });
});

describe('remind-board-resolutions: the same round delivered again', () => {
  beforeEach(() => givenQueue());

  it('sends nothing when the ledger shows both reminders of the round sent', async () => {
    ddb.on(PutCommand).callsFake(async (input: { Item: { sk: string } }) => {
      if (input.Item.sk === 'NOTIFICATION') throw conditionalCheckFailed();
      return {};
    });
    for (const id of [LINDBERGH, PRAIRIE]) {
      ddb.on(GetCommand, { Key: ledgerKey(id, 2) }).resolves({
        Item: {
          ...ledgerKey(id, 2),
          status: 'sent',
          kind: 'board-resolution-reminder',
          subjectId: id,
          messageId: MESSAGE_ID,
        },
      });
    }

    const result = await invoke(roundEvent());

    expect(result).toStrictEqual({ status: 'processed', outcome: 'round 2: sent 0, already-sent 2, not-owed 4' });
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
    expect(ddb).toReceiveCommandTimes(UpdateCommand, 0);
  });

  it('sends the next round, under its own key, to the same district', async () => {
    await invoke(roundEvent(3, '2022-10-06T14:00:00.000Z'));

    expect(ddb).toReceiveCommandWith(PutCommand, { Item: expect.objectContaining(ledgerKey(LINDBERGH, 3)) });
    expect(emailTo('dana.whitfield@lindbergh.example.org').EmailTags).toContainEqual({ Name: 'round', Value: '3' });
  });
});

describe('remind-board-resolutions: failures', () => {
  beforeEach(() => givenQueue());

  it('still sends the other reminders, gives back the failed claim and throws so EventBridge retries', async () => {
    ses
      .on(SendEmailCommand, {
        Destination: {
          ToAddresses: ['dana.whitfield@lindbergh.example.org'],
          CcAddresses: ['superintendent@lindbergh.example.org'],
        },
      })
      .rejects(
        Object.assign(new Error('Email address is not verified: dana.whitfield@lindbergh.example.org.'), {
          name: 'MessageRejected',
        }),
      );

    const failure = (await invoke(roundEvent()).then(
      () => undefined,
      (error: unknown) => error,
    )) as AggregateError;
    expect(failure).toBeInstanceOf(AggregateError);
    expect(failure.message).toBe('1 board resolution reminder(s) of round 2 failed (MessageRejected)');
    expect(failure.errors).toHaveLength(1);

    expect(ses).toReceiveCommandTimes(SendEmailCommand, 2);
    expect(ddb).toReceiveCommandTimes(DeleteCommand, 1);
    expect(ddb).toReceiveCommandWith(DeleteCommand, {
      TableName: TABLE_NAME,
      Key: ledgerKey(LINDBERGH, 2),
      ConditionExpression: 'claimToken = :token',
    });
    expect(ddb).toReceiveCommandTimes(UpdateCommand, 1);
    expect(ddb).toReceiveCommandWith(UpdateCommand, { Key: ledgerKey(PRAIRIE, 2) });
  });

  it('throws, sending nothing, when the queue cannot be read', async () => {
    ddb.on(QueryCommand).rejects(new Error('socket hang up'));

    await expect(invoke(roundEvent())).rejects.toThrow('socket hang up');
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
  });
});

describe('remind-board-resolutions: invalid events are discarded, never retried', () => {
  it.each([
    ['round 0', { round: 0 }, 'detail.round'],
    ['an unknown cohort', { cohort: '2030-2031' }, 'detail.cohort'],
    ['an extra field', { applicationId: LINDBERGH }, 'detail.applicationId'],
  ])('discards %s, naming the field, touching nothing', async (_label, change, field) => {
    const result = await invoke(roundEvent(2, ROUND_2_DUE, change));

    expect(result).toMatchObject({ status: 'discarded', reason: expect.stringContaining(field) });
    expect(ddb.calls()).toHaveLength(0);
    expect(ses.calls()).toHaveLength(0);
    expect(takeLogs()).toMatchObject([
      { level: 'ERROR', message: 'Discarded an invalid BoardResolutionReminderDue event', errors: [{ field }] },
    ]);
  });
});

describe('remind-board-resolutions handler configuration', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it.each([ENV.tableName, ENV.senderAddress, ENV.configurationSet, ENV.facilitatorEmails])(
    'refuses to load without %s, naming the variable',
    async (name) => {
      vi.resetModules();
      vi.stubEnv(name, undefined);

      await expect(import('../../functions/remind-board-resolutions/handler.ts')).rejects.toThrow(
        `Missing required environment variable ${name}`,
      );
    },
  );
});
