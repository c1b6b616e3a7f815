import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../functions/send-roster-confirmation/handler.ts';
import { resetClockSource, setClockSource } from '../../shared/platform/time/clock.ts';
import { validApplication } from '../fixtures/applications.ts';
import { lambdaContext } from '../support/api-event.ts';
import { CONFIGURATION_SET, SENDER_ADDRESS, TABLE_NAME } from '../support/handler-environment.ts';
import { takeLogs } from '../support/logs.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);

const SDZ_ID = 'sdz-2022-2023-0453ba3b856e';
const NOW = new Date('2022-09-20T15:30:05.000Z');
const NOW_EPOCH = Math.floor(NOW.getTime() / 1000);
const ANA = {
  role: 'lead-facilitator',
  name: 'Ana Brooks',
  title: 'Instructional Coach',
  email: 'ana.brooks@lindbergh.example.org',
};
const BEN = {
  role: 'lead-facilitator',
  name: 'Ben <b>Carter</b>',
  title: 'Coach & Mentor',
  email: 'ben.carter@lindbergh.example.org',
};
const CONTACT_AS_MEMBER = {
  role: 'lead-facilitator',
  name: 'Dana Whitfield',
  title: 'Director of Innovation',
  email: 'dana.whitfield@lindbergh.example.org',
};

function record() {
  return {
    pk: `APPLICATION#${SDZ_ID}`,
    sk: 'APPLICATION',
    applicationId: SDZ_ID,
    cohort: '2022-2023',
    zone: 'SDZ',
    status: 'selected',
    submittedAt: '2022-09-01T15:00:00.000Z',
    application: validApplication('SDZ'),
    version: 4,
    resultSent: { decision: 'selected', sentAt: '2022-09-15T14:00:10.000Z', corrections: 0 },
  };
}

function roster(version: number, members: unknown[], previousMembers: unknown[] = []) {
  return {
    pk: `APPLICATION#${SDZ_ID}`,
    sk: 'ROSTER',
    applicationId: SDZ_ID,
    cohort: '2022-2023',
    zone: 'SDZ',
    version,
    members,
    previousMembers,
    updatedAt: '2022-09-20T15:30:00.000Z',
    announcedVersion: version,
  };
}

function rosterChanged(version: number) {
  return {
    version: '0',
    id: 'b7c1a2d3-0000-4000-8000-000000000001',
    'detail-type': 'RosterChanged',
    source: 'srsn.innovation-zones',
    account: '123456789012',
    time: '2022-09-20T15:30:00Z',
    region: 'us-east-2',
    resources: [],
    detail: { applicationId: SDZ_ID, cohort: '2022-2023', zone: 'SDZ', version, changedAt: '2022-09-20T15:30:00.000Z' },
  };
}

const invoke = (event: unknown) => handler(event, lambdaContext('send-roster-confirmation'));

beforeEach(() => {
  ddb.reset();
  ses.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(GetCommand, { Key: { pk: `APPLICATION#${SDZ_ID}`, sk: 'APPLICATION' } }).resolves({ Item: record() });
  ddb.on(PutCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  ddb.on(DeleteCommand).resolves({});
  ses.on(SendEmailCommand).resolves({ MessageId: 'ses-roster-1' });
  setClockSource(() => new Date(NOW));
});

afterAll(() => {
  resetClockSource();
  ddb.restore();
  ses.restore();
});

describe('send-roster-confirmation', () => {
  it('confirms a changed roster once to the contact, copying the superintendent and every member, and says what changed', async () => {
    ddb.on(GetCommand, { Key: { pk: `APPLICATION#${SDZ_ID}`, sk: 'ROSTER' } }).resolves({
      Item: roster(
        2,
        [ANA, BEN, CONTACT_AS_MEMBER],
        [ANA, { ...ANA, name: 'Old', email: 'old@lindbergh.example.org' }],
      ),
    });

    expect(await invoke(rosterChanged(2))).toEqual({ status: 'processed', outcome: 'sent' });

    expect(ddb).toReceiveCommandWith(PutCommand, {
      TableName: TABLE_NAME,
      Item: expect.objectContaining({
        pk: `NOTIFICATION#roster#${SDZ_ID}#v2`,
        sk: 'NOTIFICATION',
        kind: 'roster-confirmation',
        subjectId: SDZ_ID,
        status: 'claimed',
        claimedUntil: NOW_EPOCH + 120,
      }),
      ConditionExpression: 'attribute_not_exists(pk) OR (#status = :claimed AND claimedUntil < :now)',
    });
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 1);
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input).toStrictEqual({
      FromEmailAddress: SENDER_ADDRESS,
      Destination: {
        ToAddresses: ['dana.whitfield@lindbergh.example.org'],
        CcAddresses: ['superintendent@lindbergh.example.org', ANA.email, BEN.email],
      },
      Content: {
        Simple: {
          Subject: { Data: 'Lead facilitators updated: Lindbergh Schools, System Design Zone (SDZ)', Charset: 'UTF-8' },
          Body: {
            Html: { Data: expect.any(String), Charset: 'UTF-8' },
            Text: { Data: expect.any(String), Charset: 'UTF-8' },
          },
        },
      },
      ConfigurationSetName: CONFIGURATION_SET,
      EmailTags: [
        { Name: 'notification', Value: 'roster-confirmation' },
        { Name: 'application', Value: SDZ_ID },
        { Name: 'version', Value: '2' },
      ],
    });
    const text = input.Content!.Simple!.Body!.Text!.Data!;
    const html = input.Content!.Simple!.Body!.Html!.Data!;
    expect(text).toContain('recorded as of Tuesday, September 20, 2022 at 10:30 AM CDT (version 2)');
    expect(text).toContain('- Ben <b>Carter</b>, Coach & Mentor <ben.carter@lindbergh.example.org> (lead facilitator)');
    expect(text).toContain('- Added: Ben <b>Carter</b> <ben.carter@lindbergh.example.org>');
    expect(text).toContain('- Removed: Old <old@lindbergh.example.org> (no further session emails)');
    expect(text).toContain('7 days and 1 day before every monthly session');
    expect(text).toContain('The next session: Wednesday, October 12, 2022, 10:00 AM - 12:00 PM CDT, Virtual (Zoom).');
    expect(html).toContain('Ben &lt;b&gt;Carter&lt;/b&gt;, Coach &amp; Mentor');
    expect(html).not.toContain('<b>Carter');
  });

  it('copies each address at most once a day per application: the contact gets every version, the others their first of the day', async () => {
    ddb
      .on(GetCommand, { Key: { pk: `APPLICATION#${SDZ_ID}`, sk: 'ROSTER' } })
      .resolves({ Item: roster(3, [ANA, BEN], [ANA]) });
    // Version 2 earlier today (CDT) copied the superintendent and Ana; Ben is new to this application today.
    for (const address of ['superintendent@lindbergh.example.org', ANA.email]) {
      const key = `NOTIFICATION#roster-copy#${SDZ_ID}#2022-09-20#${address}`;
      ddb
        .on(PutCommand, { Item: { pk: key } })
        .rejects(
          Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' }),
        );
      ddb
        .on(GetCommand, { Key: { pk: key, sk: 'NOTIFICATION' } })
        .resolves({ Item: { status: 'sent', messageId: 'ses-roster-0' } });
    }

    expect(await invoke(rosterChanged(3))).toEqual({ status: 'processed', outcome: 'sent' });

    expect(ses).toReceiveCommandTimes(SendEmailCommand, 1);
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input.Destination).toEqual({
      ToAddresses: ['dana.whitfield@lindbergh.example.org'],
      CcAddresses: [BEN.email],
    });
    expect(input.Content!.Simple!.Body!.Text!.Data!).toContain(
      'Not copied on this update, as they already received a roster email about this application today: ' +
        `superintendent@lindbergh.example.org, ${ANA.email}.`,
    );
    expect(ddb).toReceiveCommandWith(PutCommand, {
      Item: expect.objectContaining({
        pk: `NOTIFICATION#roster-copy#${SDZ_ID}#2022-09-20#${BEN.email}`,
        kind: 'roster-confirmation-copy',
        subjectId: SDZ_ID,
        status: 'claimed',
      }),
      ConditionExpression: 'attribute_not_exists(pk) OR (#status = :claimed AND claimedUntil < :now)',
    });
    expect(ddb).toReceiveCommandWith(UpdateCommand, {
      Key: { pk: `NOTIFICATION#roster-copy#${SDZ_ID}#2022-09-20#${BEN.email}`, sk: 'NOTIFICATION' },
      ExpressionAttributeValues: expect.objectContaining({ ':sent': 'sent', ':messageId': 'ses-roster-1' }),
    });
    expect(ddb).toReceiveCommandWith(PutCommand, {
      Item: expect.objectContaining({
        action: 'email-sent',
        details: expect.objectContaining({
          cc: [BEN.email],
          notCopied: ['superintendent@lindbergh.example.org', ANA.email],
        }),
      }),
    });
  });

  it('keys the copies by the cohort-local day of the change: 00:30 UTC is still the day before in Central time', async () => {
    ddb.on(GetCommand, { Key: { pk: `APPLICATION#${SDZ_ID}`, sk: 'ROSTER' } }).resolves({
      Item: { ...roster(1, [ANA]), updatedAt: '2022-09-21T00:30:00.000Z' },
    });

    expect(await invoke(rosterChanged(1))).toEqual({ status: 'processed', outcome: 'sent' });

    expect(ddb).toReceiveCommandWith(PutCommand, {
      Item: expect.objectContaining({ pk: `NOTIFICATION#roster-copy#${SDZ_ID}#2022-09-20#${ANA.email}` }),
    });
  });

  it('gives the copies back when the send fails, so the retry copies them', async () => {
    ddb.on(GetCommand, { Key: { pk: `APPLICATION#${SDZ_ID}`, sk: 'ROSTER' } }).resolves({ Item: roster(1, [ANA]) });
    ses.on(SendEmailCommand).rejects(Object.assign(new Error('SES is down'), { name: 'InternalFailure' }));

    await expect(invoke(rosterChanged(1))).rejects.toThrow('SES is down');

    const released = ddb.commandCalls(DeleteCommand).map((call) => call.args[0].input.Key?.pk);
    expect(released).toEqual(
      expect.arrayContaining([
        `NOTIFICATION#roster#${SDZ_ID}#v1`,
        `NOTIFICATION#roster-copy#${SDZ_ID}#2022-09-20#superintendent@lindbergh.example.org`,
        `NOTIFICATION#roster-copy#${SDZ_ID}#2022-09-20#${ANA.email}`,
      ]),
    );
    expect(released).toHaveLength(3);
  });

  it('sends nothing for a version a later change replaced, nor for a replayed one', async () => {
    ddb.on(GetCommand, { Key: { pk: `APPLICATION#${SDZ_ID}`, sk: 'ROSTER' } }).resolves({ Item: roster(3, [ANA]) });
    expect(await invoke(rosterChanged(2))).toEqual({ status: 'processed', outcome: 'superseded' });

    ddb
      .on(PutCommand, { Item: { pk: `NOTIFICATION#roster#${SDZ_ID}#v3` } })
      .rejects(Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' }));
    ddb
      .on(GetCommand, { Key: { pk: `NOTIFICATION#roster#${SDZ_ID}#v3`, sk: 'NOTIFICATION' } })
      .resolves({ Item: { status: 'sent', messageId: 'ses-roster-0' } });
    expect(await invoke(rosterChanged(3))).toEqual({ status: 'processed', outcome: 'already-sent' });

    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
  });

  it('discards an event whose detail is not a RosterChanged', async () => {
    const bad = rosterChanged(0);
    expect(await invoke(bad)).toMatchObject({ status: 'discarded', reason: expect.stringContaining('detail.version') });
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
    expect(takeLogs()).toMatchObject([
      { level: 'ERROR', message: 'Discarded an invalid RosterChanged event', errors: [{ field: 'detail.version' }] },
    ]);
  });
});
