import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ENV } from '../../shared/platform/config/env-names.ts';
import { resetClockSource, setClockSource } from '../../shared/platform/time/clock.ts';
import { validApplication } from '../fixtures/applications.ts';
import { lambdaContext } from '../support/api-event.ts';
import { CONFIGURATION_SET, EVENT_BUS_NAME, SENDER_ADDRESS, TABLE_NAME } from '../support/handler-environment.ts';
import { takeLogs } from '../support/logs.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);
const eventBridge = mockClient(EventBridgeClient);

const FACILITATORS = ['lead@srsn.example.org', 'second@srsn.example.org'];
const NOW = new Date('2022-09-15T14:00:05.000Z');
const RELEASE_KEY = { pk: 'RELEASE#2022-2023#SDZ', sk: 'RELEASE' };
const MESSAGE_ID = '0100018301a2b3c4-ses-alert-1';

let handler: typeof import('../../functions/release-results/handler.ts')['handler'];

beforeAll(async () => {
  // Read once at load, like every handler: set before the module is imported.
  process.env[ENV.facilitatorEmails] = FACILITATORS.join(',');
  ({ handler } = await import('../../functions/release-results/handler.ts'));
});

function conditionalCheckFailed(): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
}

/** An SDZ application item as the index returns it; `n` makes a distinct district. */
function stored(n: number, status: string, name = `District ${n}`) {
  const application = validApplication('SDZ');
  application.applicant.countyDistrictCode = `030-${String(n).padStart(3, '0')}`;
  application.applicant.name = name;
  const id = `sdz-2022-2023-${String(n).padStart(12, '0')}`;
  return {
    pk: `APPLICATION#${id}`,
    sk: 'APPLICATION',
    gsi1pk: 'COHORT#2022-2023#ZONE#SDZ',
    gsi1sk: `STATUS#${status}#2022-09-01T15:00:00.000Z#${id}`,
    type: 'Application',
    applicationId: id,
    cohort: '2022-2023',
    zone: 'SDZ',
    applicantKey: `district:030-${String(n).padStart(3, '0')}`,
    status,
    submittedAt: '2022-09-01T15:00:00.000Z',
    application,
    requestHash: 'a'.repeat(64),
    version: 2,
  };
}

function releaseEvent(releasedBy: 'schedule' | 'facilitator' = 'schedule', detail: Record<string, unknown> = {}) {
  return {
    version: '0',
    id: '0b5e1d7c-8f3a-4c2e-9d1b-2a6f4e8c0d11',
    'detail-type': 'ResultsReleaseDue',
    source: 'srsn.innovation-zones',
    account: '123456789012',
    time: '2022-09-15T14:00:00Z',
    region: 'us-east-2',
    resources: [],
    detail: {
      milestoneId: '2022-2023/release/SDZ',
      cohort: '2022-2023',
      dueAt: '2022-09-15T14:00:00.000Z',
      zone: 'SDZ',
      releasedBy,
      ...detail,
    },
  };
}

const invoke = (event: unknown) => handler(event, lambdaContext('release-results'));

function resultDueEntries(ids: string[]) {
  return ids.map((applicationId) => ({
    EventBusName: EVENT_BUS_NAME,
    Source: 'srsn.innovation-zones',
    DetailType: 'ApplicationResultDue',
    Detail: JSON.stringify({ applicationId, cohort: '2022-2023', zone: 'SDZ' }),
    Time: NOW,
  }));
}

beforeEach(() => {
  ddb.reset();
  ses.reset();
  eventBridge.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(PutCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  ses.on(SendEmailCommand).resolves({ MessageId: MESSAGE_ID });
  eventBridge.on(PutEventsCommand).callsFake(async (input: { Entries: unknown[] }) => ({
    FailedEntryCount: 0,
    Entries: input.Entries.map((_entry, index) => ({ EventId: `event-${index}` })),
  }));
  setClockSource(() => new Date(NOW));
});

afterAll(() => {
  resetClockSource();
  ddb.restore();
  ses.restore();
  eventBridge.restore();
});

describe('release-results: the scheduled release of a zone', () => {
  const decided = Array.from({ length: 12 }, (_, index) =>
    stored(index + 1, index % 3 === 0 ? 'not_selected' : 'selected'),
  );
  const undecided = stored(40, 'clarification_requested', 'Oak Hollow <C-2>');

  beforeEach(() => {
    ddb.on(QueryCommand).resolves({ Items: [...decided, undecided] });
  });

  it('claims the release of (cohort, zone) with one conditional put', async () => {
    await invoke(releaseEvent());

    expect(ddb).toReceiveCommandWith(PutCommand, {
      TableName: TABLE_NAME,
      Item: {
        ...RELEASE_KEY,
        type: 'Release',
        cohort: '2022-2023',
        zone: 'SDZ',
        milestoneId: '2022-2023/release/SDZ',
        releasedBy: 'schedule',
        releasedAt: NOW.toISOString(),
        status: 'releasing',
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it("reads the zone's applications with a Query on the queue index", async () => {
    await invoke(releaseEvent());

    expect(ddb).toReceiveCommandTimes(QueryCommand, 1);
    expect(ddb).toReceiveCommandWith(QueryCommand, {
      TableName: TABLE_NAME,
      IndexName: 'byCohortZone',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': 'COHORT#2022-2023#ZONE#SDZ' },
      Limit: 100,
    });
  });

  it('publishes one ApplicationResultDue per decided application, 10 per PutEvents call, none for the undecided one', async () => {
    await invoke(releaseEvent());

    const ids = decided.map((item) => item.applicationId);
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 2);
    expect(eventBridge.commandCalls(PutEventsCommand)[0]!.args[0].input).toStrictEqual({
      Entries: resultDueEntries(ids.slice(0, 10)),
    });
    expect(eventBridge.commandCalls(PutEventsCommand)[1]!.args[0].input).toStrictEqual({
      Entries: resultDueEntries(ids.slice(10)),
    });
  });

  it('sends the facilitators one alert listing the undecided application, escaped, with no attachment', async () => {
    await invoke(releaseEvent());

    expect(ses).toReceiveCommandTimes(SendEmailCommand, 1);
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input).toStrictEqual({
      FromEmailAddress: SENDER_ADDRESS,
      Destination: { ToAddresses: FACILITATORS },
      Content: {
        Simple: {
          Subject: {
            Data: 'Results released without a decision: System Design Zone (SDZ), 1 application',
            Charset: 'UTF-8',
          },
          Body: {
            Html: { Data: expect.stringContaining('<!doctype html>'), Charset: 'UTF-8' },
            Text: { Data: expect.any(String), Charset: 'UTF-8' },
          },
        },
      },
      ConfigurationSetName: CONFIGURATION_SET,
      EmailTags: [
        { Name: 'notification', Value: 'release-undecided' },
        { Name: 'zone', Value: 'SDZ' },
      ],
    });
    const text = input.Content!.Simple!.Body!.Text!.Data!;
    expect(text).toContain(`- ${undecided.applicationId}: Oak Hollow <C-2> (clarification requested)`);
    expect(text).toContain('released on its notification date on Thursday, September 15, 2022 at 9:00 AM CDT');
    expect(input.Content!.Simple!.Body!.Html!.Data!).toContain('Oak Hollow &lt;C-2&gt;');
    expect(ddb).toReceiveCommandWith(PutCommand, {
      Item: expect.objectContaining({ pk: 'NOTIFICATION#release-undecided#2022-2023#SDZ', status: 'claimed' }),
    });
  });

  it('marks the zone released with its counts, after publishing', async () => {
    const order: string[] = [];
    eventBridge.on(PutEventsCommand).callsFake(async (input: { Entries: unknown[] }) => {
      order.push('publish');
      return { FailedEntryCount: 0, Entries: input.Entries.map(() => ({ EventId: 'e' })) };
    });
    ddb.on(UpdateCommand, { Key: RELEASE_KEY }).callsFake(async () => {
      order.push('complete');
      return {};
    });

    const result = await invoke(releaseEvent());

    expect(result).toStrictEqual({ status: 'processed', outcome: 'released: 12 result(s) due, 1 undecided' });
    expect(order).toEqual(['publish', 'publish', 'complete']);
    expect(ddb).toReceiveCommandWith(UpdateCommand, {
      TableName: TABLE_NAME,
      Key: RELEASE_KEY,
      UpdateExpression: 'SET #status = :released, completedAt = :at, resultsDue = :results, undecided = :undecided',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':released': 'released', ':at': NOW.toISOString(), ':results': 12, ':undecided': 1 },
    });
  });

  it('records no second release in the zone trail when a resumed or duplicate delivery finds it recorded', async () => {
    ddb.on(PutCommand, { Item: { sk: 'AUDIT#2022-09-15T14:00:05.000Z#released' } }).rejects(conditionalCheckFailed());

    const result = await invoke(releaseEvent());

    expect(result).toStrictEqual({ status: 'processed', outcome: 'released: 12 result(s) due, 1 undecided' });
    expect(ddb).toReceiveCommandWith(UpdateCommand, {
      Key: RELEASE_KEY,
      UpdateExpression: 'SET #status = :released, completedAt = :at, resultsDue = :results, undecided = :undecided',
    });
  });

  it('records the release in the zone trail as done by the system', async () => {
    await invoke(releaseEvent());

    expect(ddb).toReceiveCommandWith(PutCommand, {
      TableName: TABLE_NAME,
      Item: {
        pk: RELEASE_KEY.pk,
        sk: 'AUDIT#2022-09-15T14:00:05.000Z#released',
        type: 'AuditEntry',
        at: NOW.toISOString(),
        actor: 'system',
        action: 'released',
        details: { releasedBy: 'schedule', resultsDue: 12, undecided: [undecided.applicationId] },
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });
});

describe('release-results: paging and partial failures', () => {
  it('follows the Query pages to the end', async () => {
    const lastKey = {
      pk: 'APPLICATION#x',
      sk: 'APPLICATION',
      gsi1pk: 'COHORT#2022-2023#ZONE#SDZ',
      gsi1sk: 'STATUS#selected#x',
    };
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [stored(1, 'selected')], LastEvaluatedKey: lastKey })
      .resolves({ Items: [stored(2, 'selected')] });

    await invoke(releaseEvent());

    expect(ddb).toReceiveCommandTimes(QueryCommand, 2);
    expect(ddb.commandCalls(QueryCommand)[1]!.args[0].input.ExclusiveStartKey).toStrictEqual(lastKey);
    expect(eventBridge.commandCalls(PutEventsCommand)[0]!.args[0].input).toStrictEqual({
      Entries: resultDueEntries([stored(1, 'selected').applicationId, stored(2, 'selected').applicationId]),
    });
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
  });

  it('publishes again only the entries the bus refused', async () => {
    ddb.on(QueryCommand).resolves({ Items: [stored(1, 'selected'), stored(2, 'selected')] });
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({
        FailedEntryCount: 1,
        Entries: [{ EventId: 'e1' }, { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }],
      })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e2' }] });

    await invoke(releaseEvent());

    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 2);
    expect(eventBridge.commandCalls(PutEventsCommand)[1]!.args[0].input).toStrictEqual({
      Entries: resultDueEntries([stored(2, 'selected').applicationId]),
    });
    expect(ddb).toReceiveCommandWith(UpdateCommand, { Key: RELEASE_KEY });
  });

  it('throws for an EventBridge retry, without marking the zone released, when the bus keeps refusing', async () => {
    ddb.on(QueryCommand).resolves({ Items: [stored(1, 'selected')] });
    eventBridge.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }],
    });

    await expect(invoke(releaseEvent())).rejects.toThrow(
      'PutEvents refused 1 ApplicationResultDue event(s): ThrottlingException Rate exceeded',
    );
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 3);
    expect(ddb).toReceiveCommandTimes(UpdateCommand, 0);
  });
});

describe('release-results: a zone released before', () => {
  const existing = (item: Record<string, unknown>) =>
    ddb.on(GetCommand, { Key: RELEASE_KEY }).resolves({
      Item: {
        ...RELEASE_KEY,
        type: 'Release',
        cohort: '2022-2023',
        zone: 'SDZ',
        milestoneId: '2022-2023/release/SDZ',
        releasedAt: '2022-09-14T20:00:00.000Z',
        ...item,
      },
    });

  beforeEach(() => {
    ddb.on(PutCommand).callsFake(async (input: { Item: { sk: string } }) => {
      if (input.Item.sk === 'RELEASE') throw conditionalCheckFailed();
      return {};
    });
    ddb.on(QueryCommand).resolves({ Items: [stored(1, 'selected'), stored(2, 'submitted')] });
  });

  it('does nothing for the scheduled release after a facilitator released the zone early', async () => {
    existing({ releasedBy: 'facilitator', requestedBy: 'facilitator-sub-1', status: 'released' });

    const result = await invoke(releaseEvent('schedule'));

    expect(result).toStrictEqual({ status: 'processed', outcome: 'already-released' });
    expect(ddb).toReceiveCommandTimes(QueryCommand, 0);
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 0);
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
    expect(ddb).toReceiveCommandTimes(UpdateCommand, 0);
  });

  it("carries out a facilitator's requested release when its event arrives", async () => {
    existing({ releasedBy: 'facilitator', requestedBy: 'facilitator-sub-1', status: 'requested' });

    const result = await invoke(releaseEvent('facilitator'));

    expect(result).toStrictEqual({ status: 'processed', outcome: 'released: 1 result(s) due, 1 undecided' });
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 1);
    expect(ddb).toReceiveCommandWith(PutCommand, {
      Item: expect.objectContaining({ pk: RELEASE_KEY.pk, action: 'released', actor: 'facilitator-sub-1' }),
    });
  });

  it('does nothing when the same release event is delivered again after it finished', async () => {
    existing({ releasedBy: 'schedule', status: 'released' });

    const result = await invoke(releaseEvent('schedule'));

    expect(result).toStrictEqual({ status: 'processed', outcome: 'already-released' });
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 0);
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
  });
});

describe('release-results: invalid events are discarded', () => {
  it.each([
    ['another detail-type', { ...releaseEvent(), 'detail-type': 'ApplicationWindowClosed' }, 'detail-type'],
    ['an unknown zone', releaseEvent('schedule', { zone: 'XYZ' }), 'detail.zone'],
    ['an unknown releasedBy', releaseEvent('schedule', { releasedBy: 'someone' }), 'detail.releasedBy'],
    ['an extra field', releaseEvent('schedule', { applications: [] }), 'detail.applications'],
  ])('discards %s without touching anything', async (_label, event, field) => {
    const result = await invoke(event);

    expect(result).toMatchObject({ status: 'discarded' });
    expect(ddb.calls()).toHaveLength(0);
    expect(eventBridge.calls()).toHaveLength(0);
    expect(ses.calls()).toHaveLength(0);
    expect(takeLogs()).toMatchObject([
      { level: 'ERROR', message: 'Discarded an invalid ResultsReleaseDue event', errors: [{ field }] },
    ]);
  });
});
