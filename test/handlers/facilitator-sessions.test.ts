import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../functions/facilitator-sessions/handler.ts';
import { resetClockSource, setClockSource } from '../../shared/platform/time/clock.ts';
import { apiEvent, lambdaContext } from '../support/api-event.ts';
import { EVENT_BUS_NAME, TABLE_NAME } from '../support/handler-environment.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const eventBridge = mockClient(EventBridgeClient);

const FACILITATOR = {
  sub: 'facilitator-sub-1',
  email: 'facilitator@srsn.example.org',
  'cognito:groups': '[facilitators]',
};
const NOW = '2022-12-01T16:00:00.000Z';
const JANUARY = { pk: 'SESSION#2022-2023', sk: 'SESSION#2023-01-11' };
const JANUARY_ID = '2022-2023/session/2023-01-11';

function route(
  routeKey: string,
  options: { body?: unknown; query?: Record<string, string>; sessionDate?: string } = {},
): APIGatewayProxyEventV2 {
  const [method, template] = routeKey.split(' ') as [string, string];
  const path = template.replace('{sessionDate}', options.sessionDate ?? '');
  const base = apiEvent({
    method,
    path,
    ...(options.body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(options.body) }),
  });
  return {
    ...base,
    routeKey,
    pathParameters: options.sessionDate === undefined ? {} : { sessionDate: options.sessionDate },
    ...(options.query ? { queryStringParameters: options.query } : {}),
    requestContext: {
      ...base.requestContext,
      authorizer: { jwt: { claims: FACILITATOR, scopes: null } },
    } as APIGatewayProxyEventV2['requestContext'],
  };
}

async function call(event: APIGatewayProxyEventV2) {
  const response = await handler(event, lambdaContext('facilitator-sessions'));
  return { statusCode: response.statusCode, json: JSON.parse(response.body) };
}

const move = (sessionDate: string, body: Record<string, unknown>) =>
  call(route('PUT /facilitator/sessions/{sessionDate}', { sessionDate, body }));
const cancel = (sessionDate: string, body: Record<string, unknown> = { cohort: '2022-2023' }) =>
  call(route('POST /facilitator/sessions/{sessionDate}/cancel', { sessionDate, body }));
const postMaterials = (sessionDate: string, body: Record<string, unknown>) =>
  call(route('POST /facilitator/sessions/{sessionDate}/materials', { sessionDate, body }));

const MOVE = { cohort: '2022-2023', date: '2023-01-18', start: '13:00', end: '15:00', note: 'Winter break' };
const MOVED_CHANGE = {
  sequence: 1,
  status: 'moved',
  date: '2023-01-18',
  start: '13:00',
  end: '15:00',
  by: 'facilitator-sub-1',
  at: NOW,
  note: 'Winter break',
};
const movedItem = (announcedSequence = 1) => ({
  ...JANUARY,
  type: 'SessionOverride',
  cohort: '2022-2023',
  sessionDate: '2023-01-11',
  sessionId: JANUARY_ID,
  sequence: 1,
  status: 'moved',
  date: '2023-01-18',
  start: '13:00',
  end: '15:00',
  changes: [MOVED_CHANGE],
  announcedSequence,
});

beforeEach(() => {
  ddb.reset();
  eventBridge.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(PutCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'event-1' }] });
  setClockSource(() => new Date(NOW));
});

afterAll(() => {
  resetClockSource();
  ddb.restore();
  eventBridge.restore();
});

describe('PUT /facilitator/sessions/{sessionDate}', () => {
  it('stores the move as SEQUENCE 1 in one conditional put, announces it, and answers the session in UTC and Central time', async () => {
    const answer = await move('2023-01-11', MOVE);

    expect(answer.statusCode).toBe(200);
    expect(answer.json).toMatchObject({
      sessionId: JANUARY_ID,
      status: 'moved',
      sequence: 1,
      scheduled: { start: '2023-01-11T16:00:00.000Z', central: 'Wednesday, January 11, 2023, 10:00 AM - 12:00 PM CST' },
      current: {
        date: '2023-01-18',
        start: '2023-01-18T19:00:00.000Z',
        end: '2023-01-18T21:00:00.000Z',
        central: 'Wednesday, January 18, 2023, 1:00 PM - 3:00 PM CST',
      },
      changed: true,
    });
    expect(ddb).toReceiveCommandWith(PutCommand, {
      TableName: TABLE_NAME,
      Item: movedItem(0),
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(eventBridge).toReceiveCommandWith(PutEventsCommand, {
      Entries: [
        {
          EventBusName: EVENT_BUS_NAME,
          Source: 'srsn.innovation-zones',
          DetailType: 'SessionChanged',
          Detail: JSON.stringify({
            cohort: '2022-2023',
            sessionId: JANUARY_ID,
            sessionDate: '2023-01-11',
            sequence: 1,
            change: 'moved',
            changedAt: NOW,
          }),
          Time: new Date(NOW),
        },
      ],
    });
    expect(ddb).toReceiveCommandWith(UpdateCommand, {
      TableName: TABLE_NAME,
      Key: JANUARY,
      UpdateExpression: 'SET #field = :value',
      ConditionExpression: 'attribute_exists(pk) AND #field < :value',
      ExpressionAttributeNames: { '#field': 'announcedSequence' },
      ExpressionAttributeValues: { ':value': 1 },
    });
  });

  it('changes nothing for the same move again, and publishes an announcement a failed attempt left undone', async () => {
    ddb.on(GetCommand, { Key: JANUARY }).resolves({ Item: movedItem(1) });
    expect((await move('2023-01-11', MOVE)).json).toMatchObject({ sequence: 1, changed: false });
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 0);

    ddb.on(GetCommand, { Key: JANUARY }).resolves({ Item: movedItem(0) });
    expect((await move('2023-01-11', MOVE)).json).toMatchObject({ sequence: 1, changed: false });
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 1);
    expect(ddb).toReceiveCommandTimes(PutCommand, 0);
  });

  it('moves a moved session back: SEQUENCE 2 over SEQUENCE 1, status scheduled again', async () => {
    ddb.on(GetCommand, { Key: JANUARY }).resolves({ Item: movedItem(1) });

    const answer = await move('2023-01-11', { cohort: '2022-2023', date: '2023-01-11', start: '10:00', end: '12:00' });

    expect(answer.json).toMatchObject({
      status: 'scheduled',
      sequence: 2,
      current: { start: '2023-01-11T16:00:00.000Z' },
    });
    expect(ddb).toReceiveCommandWith(PutCommand, {
      Item: expect.objectContaining({ sequence: 2, status: 'scheduled' }),
      ConditionExpression: '#counter = :read',
      ExpressionAttributeNames: { '#counter': 'sequence' },
      ExpressionAttributeValues: { ':read': 1 },
    });
  });

  it('answers 409 when another facilitator changed the session first', async () => {
    ddb
      .on(PutCommand)
      .rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));

    expect(await move('2023-01-11', MOVE)).toMatchObject({ statusCode: 409, json: { error: 'SessionConflict' } });
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 0);
  });

  it('names the field of a bad move and stores nothing: times, a past instant, no such session, a session already held', async () => {
    const cases = await Promise.all([
      move('2023-01-11', { ...MOVE, start: '15:00', end: '13:00' }),
      move('2023-01-11', { ...MOVE, start: '25:00' }),
      move('2023-01-11', { ...MOVE, date: '2022-11-30' }),
      move('2023-01-11', { ...MOVE, date: '2024-01-11' }),
      move('2023-01-12', MOVE),
      move('not-a-date', MOVE),
      move('2022-11-09', MOVE),
      move('2023-01-11', { start: '13:00', end: '15:00' }),
    ]);

    expect(cases.map((answer) => [answer.statusCode, answer.json.errors ?? answer.json.error])).toEqual([
      [400, [{ field: 'end', message: 'must be after start' }]],
      [400, [{ field: 'start', message: 'must be a time HH:MM (24 h) in Central time' }]],
      [
        400,
        [
          {
            field: 'date',
            message: 'must place the session in the future (now is Thursday, December 1, 2022 at 10:00 AM CST)',
          },
        ],
      ],
      [400, [{ field: 'date', message: 'must be within 366 days' }]],
      [404, 'NoSuchSession'],
      [400, [{ field: 'path.sessionDate', message: 'must be a date YYYY-MM-DD' }]],
      [409, 'SessionAlreadyStarted'],
      [400, [{ field: 'cohort', message: 'is required' }]],
    ]);
    expect(ddb).toReceiveCommandTimes(PutCommand, 0);
  });
});

describe('POST /facilitator/sessions/{sessionDate}/cancel', () => {
  it('cancels once: the next SEQUENCE with the session’s last time, then changed: false', async () => {
    ddb.on(GetCommand, { Key: JANUARY }).resolves({ Item: movedItem(1) });
    const answer = await cancel('2023-01-11', { cohort: '2022-2023', note: 'Weather' });

    expect(answer.json).toMatchObject({
      status: 'cancelled',
      sequence: 2,
      current: { start: '2023-01-18T19:00:00.000Z' },
      changed: true,
    });
    expect(JSON.parse(eventBridge.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries![0]!.Detail!)).toMatchObject(
      { sequence: 2, change: 'cancelled' },
    );

    const cancelled = { ...movedItem(2), sequence: 2, status: 'cancelled' };
    ddb.on(GetCommand, { Key: JANUARY }).resolves({ Item: cancelled });
    expect((await cancel('2023-01-11')).json).toMatchObject({ status: 'cancelled', changed: false });
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 1);
  });
});

describe('POST /facilitator/sessions/{sessionDate}/materials', () => {
  const MATERIALS_KEY = { pk: 'SESSION#2022-2023', sk: 'MATERIALS#2022-11-09' };
  const LINKS = {
    cohort: '2022-2023',
    videoUrl: 'https://video.srsn.example.org/2022-11',
    slidesUrl: 'https://srsn.example.org/slides/2022-11.pdf',
  };

  it('posts after the session: 201, revision 1 in one conditional put, announced', async () => {
    const answer = await postMaterials('2022-11-09', LINKS);

    expect(answer.statusCode).toBe(201);
    expect(ddb).toReceiveCommandWith(PutCommand, {
      TableName: TABLE_NAME,
      Item: {
        ...MATERIALS_KEY,
        type: 'SessionMaterials',
        cohort: '2022-2023',
        sessionDate: '2022-11-09',
        sessionId: '2022-2023/session/2022-11-09',
        revision: 1,
        videoUrl: LINKS.videoUrl,
        slidesUrl: LINKS.slidesUrl,
        postedBy: 'facilitator-sub-1',
        postedAt: NOW,
        announcedRevision: 0,
        revisions: [
          {
            revision: 1,
            videoUrl: LINKS.videoUrl,
            slidesUrl: LINKS.slidesUrl,
            postedBy: 'facilitator-sub-1',
            postedAt: NOW,
          },
        ],
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(JSON.parse(eventBridge.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries![0]!.Detail!)).toEqual({
      cohort: '2022-2023',
      sessionId: '2022-2023/session/2022-11-09',
      sessionDate: '2022-11-09',
      revision: 1,
      postedAt: NOW,
    });
  });

  it('refuses links that are not https with a host, before the session, and for a cancelled one', async () => {
    const insecure = await postMaterials('2022-11-09', {
      ...LINKS,
      videoUrl: 'http://video.srsn.example.org/x',
      slidesUrl: 'javascript:alert(1)',
    });
    const early = await postMaterials('2022-12-14', LINKS);
    ddb.on(GetCommand, { Key: { pk: 'SESSION#2022-2023', sk: 'SESSION#2022-11-09' } }).resolves({
      Item: {
        cohort: '2022-2023',
        sessionDate: '2022-11-09',
        sequence: 1,
        status: 'cancelled',
        date: '2022-11-09',
        start: '10:00',
        end: '12:00',
        changes: [],
        announcedSequence: 1,
      },
    });
    const cancelled = await postMaterials('2022-11-09', LINKS);

    expect(insecure.json.errors).toEqual([
      { field: 'videoUrl', message: 'must be an https:// link with a host name' },
      { field: 'slidesUrl', message: 'must be an https:// link with a host name' },
    ]);
    expect(early).toMatchObject({
      statusCode: 409,
      json: { error: 'SessionNotHeld', start: '2022-12-14T16:00:00.000Z' },
    });
    expect(cancelled).toMatchObject({ statusCode: 409, json: { error: 'SessionCancelled' } });
    expect(ddb).toReceiveCommandTimes(PutCommand, 0);
  });

  it('keeps the same links as they are, and makes other links the next revision', async () => {
    const stored = {
      ...MATERIALS_KEY,
      sessionDate: '2022-11-09',
      sessionId: '2022-2023/session/2022-11-09',
      revision: 1,
      ...LINKS,
      postedBy: 'f',
      postedAt: NOW,
      announcedRevision: 1,
      revisions: [],
    };
    ddb.on(GetCommand, { Key: MATERIALS_KEY }).resolves({ Item: stored });

    expect(await postMaterials('2022-11-09', LINKS)).toMatchObject({ statusCode: 200, json: { changed: false } });
    const corrected = await postMaterials('2022-11-09', {
      ...LINKS,
      slidesUrl: 'https://srsn.example.org/slides/2022-11-v2.pdf',
    });

    expect(corrected).toMatchObject({ statusCode: 200, json: { changed: true, materials: { revision: 2 } } });
    expect(ddb).toReceiveCommandWith(PutCommand, {
      Item: expect.objectContaining({ revision: 2 }),
      ConditionExpression: '#counter = :read',
      ExpressionAttributeValues: { ':read': 1 },
    });
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 1);
  });
});

describe('GET /facilitator/sessions', () => {
  it('lists the nine sessions as they stand from one Query of the cohort’s partition', async () => {
    ddb.on(QueryCommand).resolves({ Items: [movedItem(1)] });

    const answer = await call(route('GET /facilitator/sessions', { query: { cohort: '2022-2023' } }));

    expect(
      answer.json.items.map((item: { sessionDate: string; status: string }) => `${item.sessionDate} ${item.status}`),
    ).toEqual([
      '2022-10-12 scheduled',
      '2022-11-09 scheduled',
      '2022-12-14 scheduled',
      '2023-01-11 moved',
      '2023-02-08 scheduled',
      '2023-03-08 scheduled',
      '2023-04-12 scheduled',
      '2023-05-10 scheduled',
      '2023-06-14 scheduled',
    ]);
    expect(ddb).toReceiveCommandWith(QueryCommand, {
      TableName: TABLE_NAME,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'SESSION#2022-2023' },
      ConsistentRead: true,
    });
  });
});
