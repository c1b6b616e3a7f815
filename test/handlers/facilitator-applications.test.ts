import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../functions/facilitator-applications/handler.ts';
import { resetClockSource, setClockSource } from '../../shared/platform/time/clock.ts';
import { validApplication } from '../fixtures/applications.ts';
import { apiEvent, lambdaContext } from '../support/api-event.ts';
import { TABLE_NAME } from '../support/handler-environment.ts';

const ddb = mockClient(DynamoDBDocumentClient);

const SDZ_ID = 'sdz-2022-2023-0453ba3b856e';
const APPLICATION_KEY = { pk: `APPLICATION#${SDZ_ID}`, sk: 'APPLICATION' };
const SUBMITTED_AT = '2022-09-01T15:00:00.000Z';
/** Tuesday, September 13, 2022, 10:00 AM CDT: the SDZ review days. */
const NOW = '2022-09-13T15:00:00.000Z';
const FACILITATOR = 'facilitator-sub-1';
const CLAIMS = { sub: FACILITATOR, email: 'facilitator@srsn.example.org', 'cognito:groups': '[facilitators]' };
const SCORES = {
  elements: { 1: 3, 2: 3, 3: 2, 4: 4, 5: 3, 6: 2, 7: 3, 8: 4 },
  evidence: { cblPractices: 4, dataForSystemChange: 3, assessmentForLearning: 2, professionalLearning: 3 },
};
const REVIEW = { expectedVersion: 1, decision: 'selected', notes: 'Strong board support.', scores: SCORES };

/** Lindbergh's SDZ application as stored, waiting for review. */
function stored(overrides: Record<string, unknown> = {}) {
  return {
    ...APPLICATION_KEY,
    gsi1pk: 'COHORT#2022-2023#ZONE#SDZ',
    gsi1sk: `STATUS#submitted#${SUBMITTED_AT}#${SDZ_ID}`,
    type: 'Application',
    applicationId: SDZ_ID,
    cohort: '2022-2023',
    zone: 'SDZ',
    applicantKey: 'district:096-104',
    status: 'submitted',
    submittedAt: SUBMITTED_AT,
    application: validApplication('SDZ'),
    requestHash: 'a'.repeat(64),
    version: 1,
    ...overrides,
  };
}

function route(
  routeKey: string,
  options: {
    applicationId?: string;
    query?: Record<string, string>;
    body?: unknown;
    claims?: Record<string, string>;
  } = {},
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
    requestContext: {
      ...event.requestContext,
      routeKey,
      authorizer: { jwt: { claims: options.claims ?? CLAIMS, scopes: null } },
    },
  } as APIGatewayProxyEventV2;
}

async function call(event: APIGatewayProxyEventV2): Promise<{ statusCode: number; json: any }> {
  const response = (await handler(event, lambdaContext('facilitator-applications'))) as {
    statusCode: number;
    body: string;
  };
  return { statusCode: response.statusCode, json: JSON.parse(response.body) };
}

const review = (body: unknown, applicationId = SDZ_ID) =>
  call(route('PUT /facilitator/applications/{applicationId}/review', { body, applicationId }));

beforeEach(() => {
  ddb.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(GetCommand, { Key: APPLICATION_KEY }).resolves({ Item: stored() });
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(PutCommand).resolves({});
  ddb.on(UpdateCommand).callsFake(async (input: { ExpressionAttributeValues: Record<string, unknown> }) => ({
    Attributes: {
      ...stored(),
      version: input.ExpressionAttributeValues[':next'],
      status: input.ExpressionAttributeValues[':status'],
      review: input.ExpressionAttributeValues[':review'],
    },
  }));
  setClockSource(() => new Date(NOW));
});

afterAll(() => {
  resetClockSource();
  ddb.restore();
});

describe('GET /facilitator/applications', () => {
  it('lists a zone’s queue from one Query of the queue index, a line per application, with a token for the next page', async () => {
    const lastKey = {
      pk: APPLICATION_KEY.pk,
      sk: 'APPLICATION',
      gsi1pk: 'COHORT#2022-2023#ZONE#SDZ',
      gsi1sk: 'STATUS#submitted#x',
    };
    ddb.on(QueryCommand).resolves({ Items: [stored()], LastEvaluatedKey: lastKey });

    const answer = await call(
      route('GET /facilitator/applications', {
        query: { cohort: '2022-2023', zone: 'SDZ', status: 'submitted', limit: '1' },
      }),
    );

    expect(answer.statusCode).toBe(200);
    expect(answer.json).toEqual({
      items: [
        {
          applicationId: SDZ_ID,
          cohort: '2022-2023',
          zone: 'SDZ',
          applicant: 'Lindbergh Schools',
          status: 'submitted',
          submittedAt: SUBMITTED_AT,
          version: 1,
          decision: null,
          resultSent: null,
        },
      ],
      nextToken: Buffer.from(JSON.stringify(lastKey)).toString('base64url'),
    });
    expect(ddb).toReceiveCommandWith(QueryCommand, {
      TableName: TABLE_NAME,
      IndexName: 'byCohortZone',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :status)',
      ExpressionAttributeValues: { ':pk': 'COHORT#2022-2023#ZONE#SDZ', ':status': 'STATUS#submitted#' },
      Limit: 1,
    });
  });

  it('answers 400 naming the query field for an unknown zone, and reads nothing', async () => {
    const answer = await call(route('GET /facilitator/applications', { query: { cohort: '2022-2023', zone: 'XYZ' } }));

    expect(answer.statusCode).toBe(400);
    expect(answer.json.errors).toEqual([expect.objectContaining({ field: 'query.zone' })]);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('answers 403 to a signed-in caller outside the facilitators group, and reads nothing', async () => {
    const answer = await call(
      route('GET /facilitator/applications', {
        query: { cohort: '2022-2023', zone: 'SDZ' },
        claims: { sub: 'applicant-sub-9', 'cognito:groups': '[applicants]' },
      }),
    );

    expect(answer.statusCode).toBe(403);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('GET /facilitator/applications/{applicationId}', () => {
  it('answers the whole application with its audit trail, never its request hash', async () => {
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':audit': 'AUDIT#' } }).resolves({
      Items: [{ pk: APPLICATION_KEY.pk, sk: 'AUDIT#1', at: SUBMITTED_AT, actor: 'applicant', action: 'submitted' }],
    });

    const answer = await call(route('GET /facilitator/applications/{applicationId}'));

    expect(answer.statusCode).toBe(200);
    expect(answer.json).toMatchObject({
      applicationId: SDZ_ID,
      status: 'submitted',
      application: { applicant: { name: 'Lindbergh Schools' } },
      audit: [{ at: SUBMITTED_AT, actor: 'applicant', action: 'submitted', details: {} }],
      clarifications: [],
    });
    expect(answer.json).not.toHaveProperty('requestHash');
    expect(ddb).toReceiveCommandWith(GetCommand, { TableName: TABLE_NAME, Key: APPLICATION_KEY, ConsistentRead: true });
  });

  it('answers 404 for an application that does not exist', async () => {
    const answer = await call(
      route('GET /facilitator/applications/{applicationId}', { applicationId: 'sdz-2022-2023-000000000000' }),
    );

    expect(answer.statusCode).toBe(404);
    expect(answer.json.error).toBe('NotFound');
  });
});

describe('PUT /facilitator/applications/{applicationId}/review', () => {
  it('records the review and the decision in one update conditional on the version read, and audits it', async () => {
    const answer = await review(REVIEW);

    expect(answer.statusCode).toBe(200);
    expect(answer.json).toMatchObject({
      applicationId: SDZ_ID,
      status: 'selected',
      decision: 'selected',
      version: 2,
      correctionAvailable: false,
    });
    expect(ddb).toReceiveCommandWith(UpdateCommand, {
      TableName: TABLE_NAME,
      Key: APPLICATION_KEY,
      ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
      ExpressionAttributeValues: expect.objectContaining({
        ':expected': 1,
        ':next': 2,
        ':status': 'selected',
        ':gsi1sk': `STATUS#selected#${SUBMITTED_AT}#${SDZ_ID}`,
        ':review': {
          scores: SCORES,
          notes: 'Strong board support.',
          decision: 'selected',
          reviewedBy: FACILITATOR,
          reviewedAt: NOW,
        },
      }),
    });
    expect(ddb).toReceiveCommandWith(PutCommand, {
      TableName: TABLE_NAME,
      Item: expect.objectContaining({
        pk: APPLICATION_KEY.pk,
        type: 'AuditEntry',
        actor: FACILITATOR,
        action: 'review-recorded',
        details: { decision: 'selected', previousDecision: null, version: 2 },
      }),
    });
  });

  it('answers 400 naming scores.evidence for an SDZ review without the evidence scores, and writes nothing', async () => {
    const answer = await review({ ...REVIEW, scores: { elements: SCORES.elements } });

    expect(answer.statusCode).toBe(400);
    expect(answer.json.errors).toEqual([
      { field: 'scores.evidence', message: 'is required for a System Design Zone application' },
    ]);
    expect(ddb).toReceiveCommandTimes(UpdateCommand, 0);
    expect(ddb).toReceiveCommandTimes(PutCommand, 0);
  });

  it('answers 400 naming the field for a score outside the rubric, and writes nothing', async () => {
    const answer = await review({ ...REVIEW, scores: { ...SCORES, elements: { ...SCORES.elements, 3: 5 } } });

    expect(answer.statusCode).toBe(400);
    expect(answer.json.errors).toEqual([expect.objectContaining({ field: 'scores.elements.3' })]);
    expect(ddb).toReceiveCommandTimes(UpdateCommand, 0);
  });

  it('answers 409 with the current version when the review names an older one, and writes nothing', async () => {
    ddb.on(GetCommand, { Key: APPLICATION_KEY }).resolves({ Item: stored({ version: 2 }) });

    const answer = await review(REVIEW);

    expect(answer.statusCode).toBe(409);
    expect(answer.json).toMatchObject({ error: 'VersionConflict', currentVersion: 2 });
    expect(ddb).toReceiveCommandTimes(UpdateCommand, 0);
    expect(ddb).toReceiveCommandTimes(PutCommand, 0);
  });

  it('answers 409 when another facilitator records a review between the read and the write, and audits nothing', async () => {
    ddb
      .on(UpdateCommand)
      .rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));
    ddb
      .on(GetCommand, { Key: APPLICATION_KEY })
      .resolvesOnce({ Item: stored() })
      .resolves({ Item: stored({ version: 2 }) });

    const answer = await review(REVIEW);

    expect(answer.statusCode).toBe(409);
    expect(answer.json).toMatchObject({ error: 'VersionConflict', currentVersion: 2 });
    expect(ddb).toReceiveCommandTimes(PutCommand, 0);
  });
});
