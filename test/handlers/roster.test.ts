import { createHmac } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

const LINKS = vi.hoisted(() => {
  const values = {
    APPLICANT_LINK_KEY: 'roster-handler-test-key-0123456789abcdefghijklmnopqrstuv',
    PUBLIC_API_URL: 'https://api.srsn.example.org',
  };
  delete process.env.APPLICANT_LINK_SECRET_ARN;
  Object.assign(process.env, values);
  return values;
});

import { handler } from '../../functions/roster/handler.ts';
import { resetClockSource, setClockSource } from '../../shared/platform/time/clock.ts';
import { validApplication } from '../fixtures/applications.ts';
import { apiEvent, lambdaContext } from '../support/api-event.ts';
import { EVENT_BUS_NAME, TABLE_NAME } from '../support/handler-environment.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const eventBridge = mockClient(EventBridgeClient);

const SDZ_ID = 'sdz-2022-2023-0453ba3b856e';
const CNZ_ID = 'cnz-2022-2023-aaaaaaaaaaaa';
const NOW = '2022-09-20T15:30:00.000Z';
const SUBMITTED_AT = '2022-09-01T15:00:00.000Z';
const secretOf = (id: string) =>
  createHmac('sha256', LINKS.APPLICANT_LINK_KEY)
    .update(`srsn-innovation-zones/applicant-link/v1\n${id}`)
    .digest('base64url');
const SECRET = secretOf(SDZ_ID);
const applicationKey = (id: string) => ({ pk: `APPLICATION#${id}`, sk: 'APPLICATION' });
const rosterKey = (id: string) => ({ pk: `APPLICATION#${id}`, sk: 'ROSTER' });

const ANA = { name: 'Ana Brooks', title: 'Instructional Coach', email: 'ana.brooks@lindbergh.example.org' };
const BEN = { name: 'Ben Carter', title: 'Instructional Coach', email: 'ben.carter@lindbergh.example.org' };
const CLEO = { name: 'Cleo Diaz', title: 'Consultant', email: 'cleo@learning-partners.example.org' };
const DEE = { name: 'Dee Evans', title: 'Teacher', email: 'dee@lindbergh.example.org' };

function stored(id: string, zone: 'SDZ' | 'CNZ', extra: Record<string, unknown> = {}) {
  return {
    ...applicationKey(id),
    type: 'Application',
    applicationId: id,
    cohort: '2022-2023',
    zone,
    applicantKey: `district:${id}`,
    status: 'selected',
    submittedAt: SUBMITTED_AT,
    application: validApplication(zone),
    requestHash: 'a'.repeat(64),
    version: 4,
    review: {
      scores: { elements: {} },
      notes: '',
      decision: 'selected',
      reviewedBy: 'f',
      reviewedAt: '2022-09-13T15:00:00.000Z',
    },
    resultSent: { decision: 'selected', sentAt: '2022-09-15T14:00:10.000Z', corrections: 0 },
    ...extra,
  };
}

function storedRoster(version: number, members: Array<Record<string, string>>, extra: Record<string, unknown> = {}) {
  return {
    ...rosterKey(SDZ_ID),
    gsi1pk: 'ROSTER#2022-2023',
    gsi1sk: `SDZ#${SDZ_ID}`,
    type: 'Roster',
    applicationId: SDZ_ID,
    cohort: '2022-2023',
    zone: 'SDZ',
    version,
    members,
    previousMembers: [],
    updatedAt: '2022-09-19T15:00:00.000Z',
    announcedVersion: version,
    ...extra,
  };
}

function request(
  method: string,
  path: string,
  options: {
    body?: unknown;
    query?: Record<string, string>;
    claims?: Record<string, string>;
    pathParameters?: Record<string, string>;
  } = {},
): APIGatewayProxyEventV2 {
  const template = path.replace(/\/applications\/[^/]+\/roster$/, '/applications/{applicationId}/roster');
  const base = apiEvent({
    method,
    path,
    ...(options.body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(options.body) }),
  });
  return {
    ...base,
    routeKey: `${method} ${template}`,
    pathParameters: options.pathParameters ?? (template === path ? {} : { applicationId: path.split('/')[2]! }),
    ...(options.query ? { queryStringParameters: options.query } : {}),
    ...(options.claims
      ? {
          requestContext: {
            ...base.requestContext,
            authorizer: { jwt: { claims: options.claims, scopes: null } },
          } as APIGatewayProxyEventV2['requestContext'],
        }
      : {}),
  };
}

async function call(event: APIGatewayProxyEventV2) {
  const response = await handler(event, lambdaContext('roster'));
  return { statusCode: response.statusCode, json: JSON.parse(response.body) };
}

const put = (body: Record<string, unknown>, id = SDZ_ID) =>
  call(request('PUT', `/applications/${id}/roster`, { body }));
const rosterPuts = () => ddb.commandCalls(PutCommand).filter((entry) => entry.args[0].input.Item?.sk === 'ROSTER');

beforeEach(() => {
  ddb.reset();
  eventBridge.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(GetCommand, { Key: applicationKey(SDZ_ID) }).resolves({ Item: stored(SDZ_ID, 'SDZ') });
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

describe('PUT /applications/{applicationId}/roster', () => {
  it('stores the first roster in the application partition, listable by cohort, in one conditional put', async () => {
    const answer = await put({ secret: SECRET, leadFacilitators: [ANA, BEN, CLEO] });

    expect(answer.statusCode).toBe(200);
    expect(answer.json).toMatchObject({
      applicationId: SDZ_ID,
      zone: 'SDZ',
      version: 1,
      changed: true,
      limits: { leadFacilitators: 3 },
    });
    expect(ddb).toReceiveCommandWith(PutCommand, {
      TableName: TABLE_NAME,
      Item: {
        pk: `APPLICATION#${SDZ_ID}`,
        sk: 'ROSTER',
        gsi1pk: 'ROSTER#2022-2023',
        gsi1sk: `SDZ#${SDZ_ID}`,
        type: 'Roster',
        applicationId: SDZ_ID,
        cohort: '2022-2023',
        zone: 'SDZ',
        version: 1,
        members: [
          { role: 'lead-facilitator', ...ANA },
          { role: 'lead-facilitator', ...BEN },
          { role: 'lead-facilitator', ...CLEO },
        ],
        previousMembers: [],
        updatedAt: NOW,
        announcedVersion: 0,
        recentChanges: [NOW],
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('announces the version with ids only, then records the announcement; the trail names the applicant', async () => {
    await put({ secret: SECRET, leadFacilitators: [ANA] });

    expect(eventBridge).toReceiveCommandWith(PutEventsCommand, {
      Entries: [
        {
          EventBusName: EVENT_BUS_NAME,
          Source: 'srsn.innovation-zones',
          DetailType: 'RosterChanged',
          Detail: JSON.stringify({
            applicationId: SDZ_ID,
            cohort: '2022-2023',
            zone: 'SDZ',
            version: 1,
            changedAt: NOW,
          }),
          Time: new Date(NOW),
        },
      ],
    });
    expect(ddb).toReceiveCommandWith(UpdateCommand, {
      TableName: TABLE_NAME,
      Key: rosterKey(SDZ_ID),
      UpdateExpression: 'SET announcedVersion = :version',
      ConditionExpression: 'attribute_exists(pk) AND announcedVersion < :version',
      ExpressionAttributeValues: { ':version': 1 },
    });
    expect(ddb).toReceiveCommandWith(PutCommand, {
      Item: expect.objectContaining({
        pk: `APPLICATION#${SDZ_ID}`,
        sk: expect.stringMatching(/^AUDIT#2022-09-20T15:30:00.000Z#/),
        actor: 'applicant',
        action: 'roster-named',
        details: {
          version: 1,
          members: [{ role: 'lead-facilitator', name: ANA.name, email: ANA.email }],
          added: [ANA.email],
          removed: [],
        },
      }),
    });
  });

  it('refuses a fourth lead facilitator naming the field, and stores nothing', async () => {
    const answer = await put({ secret: SECRET, leadFacilitators: [ANA, BEN, CLEO, DEE] });

    expect(answer.statusCode).toBe(400);
    expect(answer.json.errors).toEqual([
      {
        field: 'leadFacilitators',
        message:
          'must name at most 3 lead facilitators: the System Design Zone (SDZ) allows 3 per participant, and 4 ' +
          'were named',
      },
    ]);
    expect(ddb).toReceiveCommandTimes(PutCommand, 0);
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 0);
  });

  it('names each bad field: the same person twice, a CNZ role on an SDZ roster, an unknown field, a bad address', async () => {
    const twice = await put({
      secret: SECRET,
      leadFacilitators: [ANA, { ...BEN, email: 'ANA.Brooks@lindbergh.example.org' }],
      representative: ANA,
    });
    const shape = await put({
      secret: SECRET,
      leadFacilitators: [{ ...ANA, email: 'not-an-address', phone: '1' }],
      extra: true,
    });

    expect(twice.json.errors).toEqual([
      { field: 'leadFacilitators.1.email', message: 'names the same person twice' },
      { field: 'representative', message: 'is not used by the System Design Zone (SDZ): name lead facilitators' },
    ]);
    expect(shape.json.errors).toEqual([
      { field: 'leadFacilitators.0.email', message: 'must be an email address' },
      { field: 'leadFacilitators.0.phone', message: 'is not an allowed field' },
      { field: 'extra', message: 'is not an allowed field' },
    ]);
    expect(ddb).toReceiveCommandTimes(PutCommand, 0);
  });

  it('answers 403 alike for a wrong secret and an unknown application, and 409 for an application that is not a participant', async () => {
    ddb.on(GetCommand, { Key: applicationKey(CNZ_ID) }).resolves({
      Item: stored(CNZ_ID, 'CNZ', {
        status: 'not_selected',
        resultSent: { decision: 'not_selected', sentAt: NOW, corrections: 0 },
      }),
    });

    const wrong = await put({ secret: secretOf(CNZ_ID), leadFacilitators: [ANA] });
    const unknown = await put(
      { secret: secretOf('sdz-2022-2023-bbbbbbbbbbbb'), leadFacilitators: [ANA] },
      'sdz-2022-2023-bbbbbbbbbbbb',
    );
    const notParticipant = await put({ secret: secretOf(CNZ_ID), representative: ANA, alternate: BEN }, CNZ_ID);
    ddb
      .on(GetCommand, { Key: applicationKey(SDZ_ID) })
      .resolves({ Item: stored(SDZ_ID, 'SDZ', { resultSent: undefined }) });
    const notTold = await put({ secret: SECRET, leadFacilitators: [ANA] });

    expect(wrong).toEqual(unknown);
    expect(wrong).toMatchObject({ statusCode: 403, json: { error: 'Forbidden' } });
    expect(notParticipant).toMatchObject({
      statusCode: 409,
      json: { error: 'NotParticipant', status: 'not_selected' },
    });
    expect(notTold).toMatchObject({ statusCode: 409, json: { error: 'NotParticipant', status: 'selected' } });
    expect(ddb).toReceiveCommandTimes(PutCommand, 0);
  });

  it('changes nothing for the same roster in another order, and publishes an announcement an earlier attempt left undone', async () => {
    ddb.on(GetCommand, { Key: rosterKey(SDZ_ID) }).resolves({
      Item: storedRoster(
        2,
        [
          { role: 'lead-facilitator', ...ANA },
          { role: 'lead-facilitator', ...BEN },
        ],
        { announcedVersion: 1 },
      ),
    });

    const answer = await put({ secret: SECRET, leadFacilitators: [BEN, ANA] });

    expect(answer.json).toMatchObject({ version: 2, changed: false });
    expect(rosterPuts()).toHaveLength(0);
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 1);
    expect(JSON.parse(eventBridge.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries![0]!.Detail!)).toMatchObject(
      { version: 2 },
    );
  });

  it('writes the next version only over the version it read, and tries again when another change landed first', async () => {
    ddb
      .on(GetCommand, { Key: rosterKey(SDZ_ID) })
      .resolvesOnce({ Item: storedRoster(1, [{ role: 'lead-facilitator', ...ANA }]) })
      .resolves({ Item: storedRoster(2, [{ role: 'lead-facilitator', ...BEN }]) });
    ddb
      .on(PutCommand, { Item: { sk: 'ROSTER' } })
      .rejectsOnce(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }))
      .resolves({});

    const answer = await put({ secret: SECRET, leadFacilitators: [CLEO] });

    expect(answer.json).toMatchObject({ version: 3, changed: true });
    expect(
      rosterPuts().map((entry) => [
        entry.args[0].input.Item?.version,
        entry.args[0].input.ConditionExpression,
        entry.args[0].input.ExpressionAttributeValues,
      ]),
    ).toEqual([
      [2, '#version = :read', { ':read': 1 }],
      [3, '#version = :read', { ':read': 2 }],
    ]);
    expect(rosterPuts()[1]!.args[0].input.Item?.previousMembers).toEqual([{ role: 'lead-facilitator', ...BEN }]);
    expect(ddb).toReceiveCommandWith(PutCommand, {
      Item: expect.objectContaining({
        action: 'roster-changed',
        details: expect.objectContaining({ added: [CLEO.email], removed: [BEN.email] }),
      }),
    });
  });

  it('takes a CNZ representative and alternate, and refuses one without the other', async () => {
    ddb.on(GetCommand, { Key: applicationKey(CNZ_ID) }).resolves({ Item: stored(CNZ_ID, 'CNZ') });

    const missing = await put({ secret: secretOf(CNZ_ID), representative: ANA }, CNZ_ID);
    const same = await put({ secret: secretOf(CNZ_ID), representative: ANA, alternate: ANA }, CNZ_ID);
    const named = await put({ secret: secretOf(CNZ_ID), representative: ANA, alternate: BEN }, CNZ_ID);

    expect(missing.json.errors).toEqual([
      {
        field: 'alternate',
        message: 'is required: the Collaborative Network Zone (CNZ) names one designated alternate',
      },
    ]);
    expect(same.json.errors).toEqual([{ field: 'alternate.email', message: 'must differ from the representative' }]);
    expect(named.json).toMatchObject({
      version: 1,
      members: [
        { role: 'representative', ...ANA },
        { role: 'alternate', ...BEN },
      ],
    });
    expect(rosterPuts()).toHaveLength(1);
    expect(rosterPuts()[0]!.args[0].input.Item).toMatchObject({ gsi1pk: 'ROSTER#2022-2023', gsi1sk: `CNZ#${CNZ_ID}` });
  });
});

describe('PUT /applications/{applicationId}/roster, at most 10 changes in a rolling hour', () => {
  /** Ten changes accepted at one-minute steps, the oldest 58 minutes before NOW (15:30Z, 10:30 CDT). */
  const TEN_CHANGES = Array.from({ length: 10 }, (_, index) =>
    new Date(Date.parse(NOW) - (58 - index) * 60_000).toISOString(),
  );

  it('answers 429 with Retry-After and when to try again once 10 changes were made in the hour; nothing stored, nothing sent', async () => {
    ddb.on(GetCommand, { Key: rosterKey(SDZ_ID) }).resolves({
      Item: storedRoster(10, [{ role: 'lead-facilitator', ...ANA }], { recentChanges: TEN_CHANGES }),
    });

    const response = await handler(
      request('PUT', `/applications/${SDZ_ID}/roster`, { body: { secret: SECRET, leadFacilitators: [CLEO] } }),
      lambdaContext('roster'),
    );

    expect(response.statusCode).toBe(429);
    // The oldest change (14:32Z) leaves the hour at 15:32Z: 2 minutes from NOW.
    expect(response.headers).toMatchObject({ 'retry-after': '120' });
    expect(JSON.parse(response.body)).toEqual({
      error: 'TooManyRosterChanges',
      message:
        'This roster was already changed 10 times in the last hour, the most allowed; nothing was changed and no ' +
        'email was sent. It can be changed again from Tuesday, September 20, 2022 at 10:32 AM CDT (in 2 minutes).',
      limit: 10,
      windowMinutes: 60,
      retryAt: '2022-09-20T15:32:00.000Z',
      retryAfterSeconds: 120,
    });
    expect(rosterPuts()).toHaveLength(0);
    expect(ddb).toReceiveCommandTimes(PutCommand, 0);
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 0);
  });

  it('still answers the same roster again with 200 changed: false: only changes count', async () => {
    ddb.on(GetCommand, { Key: rosterKey(SDZ_ID) }).resolves({
      Item: storedRoster(10, [{ role: 'lead-facilitator', ...ANA }], { recentChanges: TEN_CHANGES }),
    });

    const answer = await put({ secret: SECRET, leadFacilitators: [ANA] });

    expect(answer).toMatchObject({ statusCode: 200, json: { version: 10, changed: false } });
    expect(rosterPuts()).toHaveLength(0);
  });

  it('takes a change again once the oldest left the hour, keeping only the changes of the last hour', async () => {
    const longAgo = ['2022-09-20T13:00:00.000Z', '2022-09-20T14:30:00.000Z'];
    ddb.on(GetCommand, { Key: rosterKey(SDZ_ID) }).resolves({
      Item: storedRoster(12, [{ role: 'lead-facilitator', ...ANA }], {
        recentChanges: [...longAgo, ...TEN_CHANGES.slice(1)],
      }),
    });

    const answer = await put({ secret: SECRET, leadFacilitators: [CLEO] });

    expect(answer).toMatchObject({ statusCode: 200, json: { version: 13, changed: true } });
    expect(rosterPuts()[0]!.args[0].input).toMatchObject({
      Item: { version: 13, recentChanges: [...TEN_CHANGES.slice(1), NOW] },
      ConditionExpression: '#version = :read',
      ExpressionAttributeValues: { ':read': 12 },
    });
  });

  it('counts again after losing a race: the change that landed first took the last place, so 429', async () => {
    ddb
      .on(GetCommand, { Key: rosterKey(SDZ_ID) })
      .resolvesOnce({
        Item: storedRoster(9, [{ role: 'lead-facilitator', ...ANA }], { recentChanges: TEN_CHANGES.slice(1) }),
      })
      .resolves({
        Item: storedRoster(10, [{ role: 'lead-facilitator', ...BEN }], {
          recentChanges: [...TEN_CHANGES.slice(1), NOW],
        }),
      });
    ddb
      .on(PutCommand, { Item: { sk: 'ROSTER' } })
      .rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));

    const answer = await put({ secret: SECRET, leadFacilitators: [CLEO] });

    // The oldest change still counted (14:33Z) leaves the hour at 15:33Z.
    expect(answer).toMatchObject({
      statusCode: 429,
      json: { error: 'TooManyRosterChanges', retryAt: '2022-09-20T15:33:00.000Z' },
    });
    expect(rosterPuts()).toHaveLength(1);
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 0);
  });
});

describe('GET /applications/{applicationId}/roster?secret=', () => {
  it('shows who receives the session emails: the stand-in contact until lead facilitators are named, and how to change it', async () => {
    const answer = await call(request('GET', `/applications/${SDZ_ID}/roster`, { query: { secret: SECRET } }));

    expect(answer.statusCode).toBe(200);
    expect(answer.json).toMatchObject({
      version: null,
      members: [],
      receivesSessionEmails: [
        { email: 'dana.whitfield@lindbergh.example.org', name: 'Dana Whitfield', role: 'contact' },
      ],
      changeWith: {
        method: 'PUT',
        url: `${LINKS.PUBLIC_API_URL}/applications/${SDZ_ID}/roster`,
        body: { secret: 'the secret from your email', leadFacilitators: [expect.any(Object)] },
      },
    });
    expect(JSON.stringify(answer.json)).not.toContain(SECRET);
  });
});

describe('GET /facilitator/rosters', () => {
  const FACILITATOR = {
    sub: 'facilitator-sub-1',
    email: 'facilitator@srsn.example.org',
    'cognito:groups': '[facilitators]',
  };

  it('lists the rosters by a Query on the index and the participants by the review queue, never a Scan', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'ROSTER#2022-2023' } })
      .resolves({ Items: [storedRoster(1, [{ role: 'lead-facilitator', ...ANA }])] });
    ddb
      .on(QueryCommand, {
        ExpressionAttributeValues: { ':pk': 'COHORT#2022-2023#ZONE#SDZ', ':status': 'STATUS#selected#' },
      })
      .resolves({ Items: [stored(SDZ_ID, 'SDZ')] });

    const answer = await call(
      request('GET', '/facilitator/rosters', { query: { cohort: '2022-2023' }, claims: FACILITATOR }),
    );

    expect(answer.statusCode).toBe(200);
    expect(answer.json).toMatchObject({
      cohort: '2022-2023',
      withoutRoster: [],
      items: [
        {
          applicationId: SDZ_ID,
          roster: { version: 1 },
          receivesSessionEmails: [{ email: ANA.email, role: 'lead-facilitator' }],
        },
      ],
    });
    expect(ddb).toReceiveCommandWith(QueryCommand, {
      TableName: TABLE_NAME,
      IndexName: 'byCohortZone',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': 'ROSTER#2022-2023' },
      Limit: 100,
    });
    for (const zone of ['SDZ', 'ILDZ', 'CNZ']) {
      expect(ddb).toReceiveCommandWith(QueryCommand, {
        IndexName: 'byCohortZone',
        ExpressionAttributeValues: { ':pk': `COHORT#2022-2023#ZONE#${zone}`, ':status': 'STATUS#selected#' },
      });
    }
  });

  it('is for facilitators only', async () => {
    const answer = await call(
      request('GET', '/facilitator/rosters', { query: { cohort: '2022-2023' }, claims: { sub: 'applicant-1' } }),
    );
    expect(answer.statusCode).toBe(403);
  });
});
