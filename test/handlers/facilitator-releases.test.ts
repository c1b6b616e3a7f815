import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { EVENT_BUS_NAME, TABLE_NAME } from '../support/handler-environment.ts';

// The handler reads at load what a result email needs: the facilitators' addresses and the roster links' key and URL.
vi.hoisted(() => {
  delete process.env.APPLICANT_LINK_SECRET_ARN;
  Object.assign(process.env, {
    APPLICANT_LINK_KEY: 'release-routes-test-key-0123456789abcdefghijklmnopqrstuvwxyz',
    PUBLIC_API_URL: 'https://api.srsn.example.org',
    FACILITATOR_EMAILS: 'lead@srsn.example.org,second@srsn.example.org',
  });
});

import { handler } from '../../functions/facilitator-releases/handler.ts';
import { resetClockSource, setClockSource } from '../../shared/platform/time/clock.ts';
import { validApplication } from '../fixtures/applications.ts';
import { apiEvent, lambdaContext } from '../support/api-event.ts';
import { takeLogs } from '../support/logs.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const eventBridge = mockClient(EventBridgeClient);
const ses = mockClient(SESv2Client);

const FACILITATOR = 'facilitator-sub-1';
const CLAIMS = { sub: FACILITATOR, email: 'facilitator@srsn.example.org', 'cognito:groups': '[facilitators]' };
/** Tuesday, September 20, 2022, 10:00 AM CDT: the ILDZ window closed on the 16th; its scheduled release is the 23rd. */
const NOW = '2022-09-20T15:00:00.000Z';
const ILDZ_RELEASE_KEY = { pk: 'RELEASE#2022-2023#ILDZ', sk: 'RELEASE' };
const SDZ_ID = 'sdz-2022-2023-0453ba3b856e';

function route(
  routeKey: string,
  options: { body?: unknown; query?: Record<string, string>; applicationId?: string } = {},
): APIGatewayProxyEventV2 {
  const [method, template] = routeKey.split(' ') as [string, string];
  const path = template.replace('{applicationId}', options.applicationId ?? SDZ_ID);
  const event = apiEvent({
    method,
    path,
    headers: { 'content-type': 'application/json' },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  return {
    ...event,
    routeKey,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    ...(options.query ? { queryStringParameters: options.query } : {}),
    ...(template.includes('{applicationId}')
      ? { pathParameters: { applicationId: options.applicationId ?? SDZ_ID } }
      : {}),
    requestContext: { ...event.requestContext, routeKey, authorizer: { jwt: { claims: CLAIMS, scopes: null } } },
  } as APIGatewayProxyEventV2;
}

async function call(event: APIGatewayProxyEventV2): Promise<{ statusCode: number; json: any }> {
  const response = (await handler(event, lambdaContext('facilitator-releases'))) as {
    statusCode: number;
    body: string;
  };
  return { statusCode: response.statusCode, json: JSON.parse(response.body) };
}

const releaseNow = (body: unknown) => call(route('POST /facilitator/releases', { body }));

function at(instant: string): void {
  setClockSource(() => new Date(instant));
}

const conditionalCheckFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

beforeEach(() => {
  ddb.reset();
  eventBridge.reset();
  ses.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(PutCommand).resolves({});
  ddb.on(DeleteCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'event-1' }] });
  at(NOW);
});

afterAll(() => {
  resetClockSource();
  ddb.restore();
  eventBridge.restore();
  ses.restore();
});

describe('POST /facilitator/releases', () => {
  it('claims the zone’s release for the facilitator, audits the request and publishes ResultsReleaseDue: 202', async () => {
    const answer = await releaseNow({ cohort: '2022-2023', zone: 'ILDZ' });

    const release = {
      cohort: '2022-2023',
      zone: 'ILDZ',
      milestoneId: '2022-2023/release/ILDZ',
      releasedBy: 'facilitator',
      requestedBy: FACILITATOR,
      releasedAt: NOW,
      status: 'requested',
    };
    expect(answer.statusCode).toBe(202);
    expect(answer.json).toEqual({
      release,
      message: 'The Innovative Learning Design Zone (ILDZ) results are being released.',
    });
    expect(ddb).toReceiveCommandWith(PutCommand, {
      TableName: TABLE_NAME,
      Item: { ...ILDZ_RELEASE_KEY, type: 'Release', ...release },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(ddb).toReceiveCommandWith(PutCommand, {
      Item: expect.objectContaining({
        pk: ILDZ_RELEASE_KEY.pk,
        type: 'AuditEntry',
        actor: FACILITATOR,
        action: 'release-requested',
        details: { milestoneId: '2022-2023/release/ILDZ' },
      }),
    });
    expect(eventBridge).toReceiveCommandWith(PutEventsCommand, {
      Entries: [
        {
          EventBusName: EVENT_BUS_NAME,
          Source: 'srsn.innovation-zones',
          DetailType: 'ResultsReleaseDue',
          Detail: JSON.stringify({
            milestoneId: '2022-2023/release/ILDZ',
            cohort: '2022-2023',
            dueAt: NOW,
            zone: 'ILDZ',
            releasedBy: 'facilitator',
          }),
          Time: new Date(NOW),
        },
      ],
    });
    expect(ses.calls()).toHaveLength(0);
  });

  it('answers 409 WindowOpen while the zone still accepts applications, and claims nothing', async () => {
    at('2022-09-14T15:00:00.000Z');

    const answer = await releaseNow({ cohort: '2022-2023', zone: 'ILDZ' });

    expect(answer.statusCode).toBe(409);
    expect(answer.json).toMatchObject({ error: 'WindowOpen', closesAt: '2022-09-17T05:00:00.000Z' });
    expect(ddb).toReceiveCommandTimes(PutCommand, 0);
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 0);
  });

  it('answers 409 AlreadyReleased, naming the release there was, when the zone is released already', async () => {
    const existing = {
      ...ILDZ_RELEASE_KEY,
      cohort: '2022-2023',
      zone: 'ILDZ',
      milestoneId: '2022-2023/release/ILDZ',
      releasedBy: 'facilitator',
      requestedBy: 'facilitator-sub-2',
      releasedAt: '2022-09-19T15:00:00.000Z',
      status: 'released',
    };
    ddb.on(PutCommand, { Item: ILDZ_RELEASE_KEY }).rejects(conditionalCheckFailed());
    ddb.on(GetCommand, { Key: ILDZ_RELEASE_KEY }).resolves({ Item: existing });

    const answer = await releaseNow({ cohort: '2022-2023', zone: 'ILDZ' });

    expect(answer.statusCode).toBe(409);
    expect(answer.json).toMatchObject({
      error: 'AlreadyReleased',
      release: { requestedBy: 'facilitator-sub-2', releasedAt: '2022-09-19T15:00:00.000Z' },
    });
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 0);
  });

  it('answers 400 naming the field for an unknown zone, and touches nothing', async () => {
    const answer = await releaseNow({ cohort: '2022-2023', zone: 'XYZ' });

    expect(answer.statusCode).toBe(400);
    expect(answer.json.errors).toEqual([expect.objectContaining({ field: 'zone' })]);
    expect(ddb.calls()).toHaveLength(0);
    expect(eventBridge.calls()).toHaveLength(0);
  });

  it('withdraws its claim, so the zone is not left half-released, when the event cannot be published: 500', async () => {
    eventBridge.on(PutEventsCommand).rejects(new Error('connect ETIMEDOUT'));

    const answer = await releaseNow({ cohort: '2022-2023', zone: 'ILDZ' });

    expect(answer.statusCode).toBe(500);
    expect(answer.json.error).toBe('InternalError');
    expect(ddb).toReceiveCommandWith(DeleteCommand, {
      TableName: TABLE_NAME,
      Key: ILDZ_RELEASE_KEY,
      ConditionExpression: '#status = :requested AND releasedAt = :at',
      ExpressionAttributeValues: { ':requested': 'requested', ':at': NOW },
    });
    expect(ddb).toReceiveCommandWith(PutCommand, {
      Item: expect.objectContaining({ action: 'release-request-withdrawn' }),
    });
    expect(takeLogs()).toMatchObject([
      { level: 'ERROR', message: 'Unhandled error while serving a request', error: { message: 'connect ETIMEDOUT' } },
    ]);
  });
});

describe('GET /facilitator/releases', () => {
  it('answers each zone’s scheduled release and, for a released zone, the release and its trail', async () => {
    const release = {
      cohort: '2022-2023',
      zone: 'SDZ',
      milestoneId: '2022-2023/release/SDZ',
      releasedBy: 'schedule',
      releasedAt: '2022-09-15T14:00:00.000Z',
      status: 'released',
    };
    ddb.on(GetCommand, { Key: { pk: 'RELEASE#2022-2023#SDZ', sk: 'RELEASE' } }).resolves({
      Item: { pk: 'RELEASE#2022-2023#SDZ', sk: 'RELEASE', type: 'Release', ...release },
    });
    const entry = { at: '2022-09-15T14:00:00.000Z', actor: 'system', action: 'released', details: { resultsDue: 4 } };
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'RELEASE#2022-2023#SDZ' } })
      .resolves({ Items: [{ pk: 'RELEASE#2022-2023#SDZ', sk: 'AUDIT#x', ...entry }] });

    const answer = await call(route('GET /facilitator/releases', { query: { cohort: '2022-2023' } }));

    expect(answer.statusCode).toBe(200);
    expect(answer.json).toEqual({
      cohort: '2022-2023',
      zones: [
        { zone: 'SDZ', scheduledAt: '2022-09-15T14:00:00.000Z', release, audit: [entry] },
        { zone: 'ILDZ', scheduledAt: '2022-09-23T14:00:00.000Z', release: null, audit: [] },
        { zone: 'CNZ', scheduledAt: null, release: null, audit: [] },
      ],
    });
  });

  it('answers 400 naming query.cohort for a cohort it does not know', async () => {
    const answer = await call(route('GET /facilitator/releases', { query: { cohort: '2030-2031' } }));

    expect(answer.statusCode).toBe(400);
    expect(answer.json.errors).toEqual([expect.objectContaining({ field: 'query.cohort' })]);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('POST /facilitator/applications/{applicationId}/send-result', () => {
  it('answers 409 NotReleased before the zone’s release, and sends nothing', async () => {
    at('2022-09-13T15:00:00.000Z');
    ddb.on(GetCommand, { Key: { pk: `APPLICATION#${SDZ_ID}`, sk: 'APPLICATION' } }).resolves({
      Item: {
        pk: `APPLICATION#${SDZ_ID}`,
        sk: 'APPLICATION',
        applicationId: SDZ_ID,
        cohort: '2022-2023',
        zone: 'SDZ',
        applicantKey: 'district:096-104',
        status: 'selected',
        submittedAt: '2022-09-01T15:00:00.000Z',
        application: validApplication('SDZ'),
        version: 2,
      },
    });

    const answer = await call(route('POST /facilitator/applications/{applicationId}/send-result'));

    expect(answer.statusCode).toBe(409);
    expect(answer.json).toMatchObject({ error: 'NotReleased', scheduledAt: '2022-09-15T14:00:00.000Z' });
    expect(ses.calls()).toHaveLength(0);
    expect(eventBridge.calls()).toHaveLength(0);
  });

  it('answers 404 for an application that does not exist', async () => {
    const answer = await call(
      route('POST /facilitator/applications/{applicationId}/send-result', {
        applicationId: 'sdz-2022-2023-000000000000',
      }),
    );

    expect(answer.statusCode).toBe(404);
    expect(answer.json.error).toBe('NotFound');
  });
});
