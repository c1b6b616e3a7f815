/**
 * The cohort writes of facilitatorCohorts against a scripted table: what is stored (a cohort
 * item under its version condition, then its change record), what is announced (CohortChanged,
 * for a scheduled or closed cohort only) and what is refused with nothing stored or sent.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../functions/facilitator-cohorts/handler.ts';
import { cohort2022to2023 } from '../../infra/local/seed/cohort-2022-2023.ts';
import { seedCohorts } from '../../infra/local/seed/seed-cohorts.ts';
import type { StoredCohort } from '../../shared/cohorts/cohort-repository.ts';
import { resetClockSource, setClockSource } from '../../shared/platform/time/clock.ts';
import { type Json, mutation } from '../fixtures/bad-cohort-definitions.ts';
import { apiEvent, lambdaContext } from '../support/api-event.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const eventBridge = mockClient(EventBridgeClient);

const FACILITATOR = {
  sub: 'facilitator-sub-1',
  email: 'facilitator@srsn.example.org',
  'cognito:groups': '[facilitators]',
};
/** Before anything of the seeded 2022-2023 cohort: a new cohort of its dates is valid now. */
const BEFORE_SEASON = new Date('2022-08-01T15:00:00.000Z');

function request(
  routeKey: string,
  options: { cohortId?: string; body?: unknown; query?: Record<string, string> } = {},
): APIGatewayProxyEventV2 {
  const [method, template] = routeKey.split(' ') as [string, string];
  const base = apiEvent({
    method,
    path: template.replace('{cohortId}', options.cohortId ?? ''),
    headers: { 'content-type': 'application/json' },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  return {
    ...base,
    routeKey,
    pathParameters: options.cohortId === undefined ? {} : { cohortId: options.cohortId },
    ...(options.query ? { queryStringParameters: options.query } : {}),
    requestContext: {
      ...base.requestContext,
      authorizer: { jwt: { claims: FACILITATOR, scopes: null } },
    } as APIGatewayProxyEventV2['requestContext'],
  };
}

async function call(event: APIGatewayProxyEventV2) {
  const response = await handler(event, lambdaContext('facilitator-cohorts'));
  return { statusCode: response.statusCode, json: response.body ? JSON.parse(response.body) : undefined };
}

/** The table holds this one cohort (what GetCommand answers). */
function holding(cohort: StoredCohort | undefined) {
  ddb.on(GetCommand).resolves(cohort ? { Item: { pk: 'COHORTS', sk: `COHORT#${cohort.id}`, ...cohort } } : {});
}

const [seed] = seedCohorts(new Date('2022-07-01T00:00:00Z')) as [StoredCohort];
const scheduled: StoredCohort = { ...seed, version: 3 };
const draft: StoredCohort = { ...seed, state: 'draft', version: 2 };

const stored = () => ddb.commandCalls(PutCommand).map((put) => put.args[0].input);
const published = () => eventBridge.commandCalls(PutEventsCommand).flatMap((put) => put.args[0].input.Entries ?? []);

beforeEach(() => {
  ddb.reset();
  eventBridge.reset();
  eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'event-1' }] });
  setClockSource(() => BEFORE_SEASON);
});
afterAll(() => resetClockSource());

describe('POST /facilitator/cohorts', () => {
  it('refuses 200 generated bad definitions, each naming a field, storing and announcing nothing', async () => {
    const samples = fc.sample(mutation, { numRuns: 200, seed: 20261208 });
    for (const change of samples) {
      const input = structuredClone(cohort2022to2023) as unknown as Json;
      change.apply(input);
      const { statusCode, json } = await call(request('POST /facilitator/cohorts', { body: input }));
      expect(statusCode, change.kind).toBe(400);
      expect(json.error).toBe('ValidationError');
      const wanted = change.fields.map((field) => field.join('.'));
      const named = json.errors.map((error: { field: string }) => error.field);
      expect(
        named.some((field: string) => wanted.some((path) => field === path || field.startsWith(`${path}.`))),
        `${change.kind}: wanted one of ${wanted.join(', ')}, got ${named.join(', ')}`,
      ).toBe(true);
    }
    expect(ddb.calls()).toHaveLength(0);
    expect(eventBridge.calls()).toHaveLength(0);
  });

  it('stores a valid definition as a draft (version 1, created only if absent) and announces nothing', async () => {
    const { statusCode, json } = await call(request('POST /facilitator/cohorts', { body: cohort2022to2023 }));
    expect(statusCode).toBe(201);
    expect(json).toMatchObject({ id: '2022-2023', state: 'draft', version: 1 });
    const [cohortItem, change] = stored();
    expect(cohortItem).toMatchObject({
      Item: { pk: 'COHORTS', sk: 'COHORT#2022-2023', state: 'draft', version: 1 },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(change?.Item).toMatchObject({
      sk: 'CHANGE#2022-2023#000001',
      action: 'created',
      actor: 'facilitator-sub-1',
    });
    expect(eventBridge.calls()).toHaveLength(0);
  });

  it('answers 409 CohortExists when the id is taken, and writes no change record', async () => {
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));
    const { statusCode, json } = await call(request('POST /facilitator/cohorts', { body: cohort2022to2023 }));
    expect(statusCode).toBe(409);
    expect(json.error).toBe('CohortExists');
    expect(stored()).toHaveLength(1);
  });

  it('refuses a definition whose dates have passed, naming each', async () => {
    setClockSource(() => new Date('2022-09-12T15:00:00.000Z'));
    const { statusCode, json } = await call(request('POST /facilitator/cohorts', { body: cohort2022to2023 }));
    expect(statusCode).toBe(400);
    expect(json.errors.map((error: { field: string }) => error.field)).toContain('zones.SDZ.due');
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('PATCH /facilitator/cohorts/{cohortId}', () => {
  it('stores the next version of a scheduled cohort under the version read, and announces CohortChanged', async () => {
    holding(scheduled);
    const { statusCode, json } = await call(
      request('PATCH /facilitator/cohorts/{cohortId}', {
        cohortId: '2022-2023',
        body: { version: 3, set: { 'zones.CNZ.due': '2022-10-14', 'zones.CNZ.notify': '2022-10-21' } },
      }),
    );
    expect(statusCode).toBe(200);
    expect(json).toMatchObject({ version: 4, state: 'scheduled', notes: [] });
    expect(stored()[0]).toMatchObject({
      Item: { version: 4, definition: { zones: { CNZ: { due: '2022-10-14', notify: '2022-10-21' } } } },
      ConditionExpression: 'version = :read',
      ExpressionAttributeValues: { ':read': 3 },
    });
    expect(stored()[1]?.Item).toMatchObject({ action: 'changed', paths: ['zones.CNZ.due', 'zones.CNZ.notify'] });
    const [entry] = published();
    expect(entry?.DetailType).toBe('CohortChanged');
    expect(JSON.parse(entry?.Detail ?? '{}')).toMatchObject({ cohort: '2022-2023', version: 4, change: 'changed' });
  });

  it('refuses what a scheduled cohort keeps, once its invitations are out, naming each field; stores nothing', async () => {
    setClockSource(() => new Date('2022-08-22T15:00:00.000Z'));
    holding(scheduled);
    const { statusCode, json } = await call(
      request('PATCH /facilitator/cohorts/{cohortId}', {
        cohortId: '2022-2023',
        body: { version: 3, set: { invitationDate: '2022-08-18', 'rosterLimits.SDZ.leadFacilitators': 4 } },
      }),
    );
    expect(statusCode).toBe(409);
    expect(json.error).toBe('ChangeRefused');
    expect(json.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'invitationDate',
      'rosterLimits.SDZ.leadFacilitators',
    ]);
    expect(stored()).toHaveLength(0);
    expect(eventBridge.calls()).toHaveLength(0);
  });

  it('answers 409 VersionConflict, with the version now stored, to a change made on an older version', async () => {
    holding(scheduled);
    const stale = await call(
      request('PATCH /facilitator/cohorts/{cohortId}', {
        cohortId: '2022-2023',
        body: { version: 2, set: { name: 'X' } },
      }),
    );
    expect(stale).toMatchObject({ statusCode: 409, json: { error: 'VersionConflict', version: 3 } });

    // Changed by someone else between the read and the write: the conditional write refuses it.
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'version', $metadata: {} }));
    const raced = await call(
      request('PATCH /facilitator/cohorts/{cohortId}', {
        cohortId: '2022-2023',
        body: { version: 3, set: { name: 'X' } },
      }),
    );
    expect(raced.json.error).toBe('VersionConflict');
    expect(eventBridge.calls()).toHaveLength(0);
  });

  it('changes a draft without announcing it, and refuses a path outside the definition', async () => {
    holding(draft);
    const changed = await call(
      request('PATCH /facilitator/cohorts/{cohortId}', {
        cohortId: '2022-2023',
        body: { version: 2, set: { 'monthlySessions.weekday': 4 } },
      }),
    );
    expect(changed).toMatchObject({ statusCode: 200, json: { state: 'draft', version: 3 } });
    expect(eventBridge.calls()).toHaveLength(0);

    ddb.resetHistory();
    const outside = await call(
      request('PATCH /facilitator/cohorts/{cohortId}', {
        cohortId: '2022-2023',
        body: { version: 2, set: { 'zones.XYZ.due': '2022-10-01', '__proto__.polluted': true } },
      }),
    );
    expect(outside.statusCode).toBe(400);
    expect(outside.json.errors.map((error: { field: string }) => error.field)).toEqual([
      'set.zones.XYZ.due',
      'set.__proto__.polluted',
    ]);
    expect(stored()).toHaveLength(0);
  });
});

describe('schedule, close and delete', () => {
  it('schedules a draft and announces it; refuses to schedule it twice', async () => {
    holding(draft);
    const { statusCode, json } = await call(
      request('POST /facilitator/cohorts/{cohortId}/schedule', { cohortId: '2022-2023', body: { version: 2 } }),
    );
    expect(statusCode).toBe(200);
    expect(json).toMatchObject({ state: 'scheduled', version: 3 });
    expect(JSON.parse(published()[0]?.Detail ?? '{}')).toMatchObject({ change: 'scheduled', state: 'scheduled' });

    holding(scheduled);
    const again = await call(
      request('POST /facilitator/cohorts/{cohortId}/schedule', { cohortId: '2022-2023', body: { version: 3 } }),
    );
    expect(again).toMatchObject({ statusCode: 409, json: { error: 'NotDraft' } });
  });

  it('closes a cohort only once its last monthly session is over', async () => {
    holding(scheduled);
    const early = await call(
      request('POST /facilitator/cohorts/{cohortId}/close', { cohortId: '2022-2023', body: { version: 3 } }),
    );
    expect(early.statusCode).toBe(409);
    expect(early.json.error).toBe('CohortNotEnded');
    expect(early.json.message).toContain('2023-06-14');
    expect(stored()).toHaveLength(0);

    setClockSource(() => new Date('2023-06-15T15:00:00.000Z'));
    const closed = await call(
      request('POST /facilitator/cohorts/{cohortId}/close', { cohortId: '2022-2023', body: { version: 3 } }),
    );
    expect(closed).toMatchObject({ statusCode: 200, json: { state: 'closed', version: 4 } });
    expect(JSON.parse(published()[0]?.Detail ?? '{}')).toMatchObject({ change: 'closed', state: 'closed' });
  });

  it('deletes a draft and nothing else', async () => {
    holding(draft);
    expect((await call(request('DELETE /facilitator/cohorts/{cohortId}', { cohortId: '2022-2023' }))).statusCode).toBe(
      204,
    );
    expect(ddb.commandCalls(DeleteCommand)[0]?.args[0].input).toMatchObject({
      ConditionExpression: 'version = :read AND #state = :draft',
      ExpressionAttributeValues: { ':read': 2, ':draft': 'draft' },
    });

    ddb.resetHistory();
    holding(scheduled);
    const refused = await call(request('DELETE /facilitator/cohorts/{cohortId}', { cohortId: '2022-2023' }));
    expect(refused).toMatchObject({ statusCode: 409, json: { error: 'NotDraft' } });
    expect(ddb.commandCalls(DeleteCommand)).toHaveLength(0);
  });
});
