import { createHash, createHmac } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

// The handler reads its configuration at load: the deployed form (a secret ARN, no local key).
const LINKS = vi.hoisted(() => {
  const values = {
    APPLICANT_LINK_SECRET_ARN: 'arn:aws:secretsmanager:us-east-2:123456789012:secret:ApplicantLinkSecret-AbC123',
    PUBLIC_API_URL: 'https://api.srsn.example.org',
  };
  delete process.env.APPLICANT_LINK_KEY;
  Object.assign(process.env, values);
  return values;
});

import { handler } from '../../functions/clarifications/handler.ts';
import { applicantLinkKeySource } from '../../shared/applicant-links/key-source.ts';
import { applicantSecret, isApplicantSecret } from '../../shared/applicant-links/secret.ts';
import { resetClockSource, setClockSource } from '../../shared/platform/time/clock.ts';
import { validApplication } from '../fixtures/applications.ts';
import { apiEvent, lambdaContext } from '../support/api-event.ts';
import { EVENT_BUS_NAME, TABLE_NAME } from '../support/handler-environment.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const eventBridge = mockClient(EventBridgeClient);
const secretsManager = mockClient(SecretsManagerClient);

const SDZ_ID = 'sdz-2022-2023-0453ba3b856e';
const OTHER_ID = 'sdz-2022-2023-000000000000';
const SUBMITTED_AT = '2022-09-01T15:00:00.000Z';
const NOW = '2022-09-12T16:00:00.000Z';
const LATER = '2022-09-13T14:30:00.000Z';
const FACILITATOR = {
  sub: 'facilitator-sub-1',
  email: 'facilitator@srsn.example.org',
  'cognito:groups': '[facilitators]',
};
const KEY = 'k3yMaterialFromSecretsManager0123456789abcdefghijklmnopqrstuvwx';
const QUESTION = 'Please describe how the data team shares results with teachers.\nWho attends those meetings?';
const ANSWER = 'Monthly data meetings with every grade-level team; the principal and two coaches attend.';
const CLARIFICATION_ID = 'clr-3f9a1b2c4d5e6f70';

/** The secret exactly as the documented construction gives it: HMAC-SHA256(key, purpose \n id), base64url. */
function secretOf(applicationId: string): string {
  return createHmac('sha256', KEY)
    .update(`srsn-innovation-zones/applicant-link/v1\n${applicationId}`)
    .digest('base64url');
}

const applicationKey = (id: string) => ({ pk: `APPLICATION#${id}`, sk: 'APPLICATION' });
const clarificationKey = (id: string, clarificationId: string) => ({
  pk: `APPLICATION#${id}`,
  sk: `CLARIFICATION#${clarificationId}`,
});

function storedApplication(status = 'submitted', version = 1) {
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
    version,
    submittedAt: SUBMITTED_AT,
    application: validApplication('SDZ'),
    requestHash: 'a'.repeat(64),
  };
}

function storedClarification(overrides: Record<string, unknown> = {}) {
  return {
    ...clarificationKey(SDZ_ID, CLARIFICATION_ID),
    type: 'Clarification',
    clarificationId: CLARIFICATION_ID,
    applicationId: SDZ_ID,
    question: QUESTION,
    requestedBy: 'facilitator-sub-1',
    requestedAt: NOW,
    status: 'open',
    ...overrides,
  };
}

function conditionalCheckFailed(): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
}

interface RouteCall {
  readonly pathParameters: Record<string, string>;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly claims?: Record<string, string>;
}

/** The payload-2.0 event API Gateway sends for a route key, with the JWT claims its authorizer adds. */
function routeEvent(routeKey: string, call: RouteCall): APIGatewayProxyEventV2 {
  const [method, template] = routeKey.split(' ') as [string, string];
  const rawPath = Object.entries(call.pathParameters).reduce(
    (path, [name, value]) => path.replace(`{${name}}`, value),
    template,
  );
  const base = apiEvent({
    method,
    path: rawPath,
    headers: { ...(call.body === undefined ? {} : { 'content-type': 'application/json' }), ...call.headers },
    ...(call.body === undefined ? {} : { body: typeof call.body === 'string' ? call.body : JSON.stringify(call.body) }),
  });
  return {
    ...base,
    routeKey,
    pathParameters: call.pathParameters,
    ...(call.query
      ? { queryStringParameters: call.query, rawQueryString: new URLSearchParams(call.query).toString() }
      : {}),
    requestContext: {
      ...base.requestContext,
      routeKey,
      ...(call.claims ? { authorizer: { jwt: { claims: call.claims, scopes: null } } } : {}),
    } as APIGatewayProxyEventV2['requestContext'],
  };
}

async function invoke(
  event: APIGatewayProxyEventV2,
): Promise<{ statusCode: number; headers: Record<string, string>; json: any }> {
  const response = await handler(event, lambdaContext('clarifications'));
  return {
    statusCode: response.statusCode,
    headers: response.headers as Record<string, string>,
    json: JSON.parse(response.body),
  };
}

function ask(body: unknown, headers: Record<string, string> = {}, claims: Record<string, string> = FACILITATOR) {
  return invoke(
    routeEvent('POST /facilitator/applications/{applicationId}/clarifications', {
      pathParameters: { applicationId: SDZ_ID },
      body,
      headers,
      claims,
    }),
  );
}

function answer(body: unknown, applicationId = SDZ_ID, clarificationId = CLARIFICATION_ID) {
  return invoke(
    routeEvent('POST /applications/{applicationId}/clarifications/{clarificationId}/answer', {
      pathParameters: { applicationId, clarificationId },
      body,
    }),
  );
}

function writes() {
  return [...ddb.commandCalls(PutCommand), ...ddb.commandCalls(UpdateCommand), ...ddb.commandCalls(DeleteCommand)];
}

beforeEach(() => {
  ddb.reset();
  eventBridge.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(GetCommand, { Key: applicationKey(SDZ_ID) }).resolves({ Item: storedApplication() });
  ddb.on(PutCommand).resolves({});
  ddb.on(DeleteCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb
    .on(UpdateCommand, { Key: applicationKey(SDZ_ID) })
    .callsFake((input: { ExpressionAttributeValues: Record<string, unknown> }) => ({
      Attributes: {
        ...storedApplication(),
        status: input.ExpressionAttributeValues[':status'],
        version: input.ExpressionAttributeValues[':next'],
      },
    }));
  eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'event-1' }] });
  // Not reset between tests: the key is read once per cold start, as in Lambda.
  secretsManager.on(GetSecretValueCommand).resolves({ SecretString: KEY });
  setClockSource(() => new Date(NOW));
});

afterAll(() => {
  resetClockSource();
  ddb.restore();
  eventBridge.restore();
  secretsManager.restore();
});

describe('POST /facilitator/applications/{applicationId}/clarifications', () => {
  it('stores the question in the application partition with a conditional put', async () => {
    const response = await ask({ question: `  ${QUESTION}  ` });

    expect(response.statusCode).toBe(201);
    const put = ddb
      .commandCalls(PutCommand)
      .find((call) => String(call.args[0].input.Item?.sk).startsWith('CLARIFICATION#'));
    expect(put?.args[0].input).toStrictEqual({
      TableName: TABLE_NAME,
      Item: {
        pk: `APPLICATION#${SDZ_ID}`,
        sk: expect.stringMatching(/^CLARIFICATION#clr-[0-9a-f]{16}$/),
        type: 'Clarification',
        clarificationId: expect.stringMatching(/^clr-[0-9a-f]{16}$/),
        applicationId: SDZ_ID,
        question: QUESTION,
        requestedBy: 'facilitator-sub-1',
        requestedAt: NOW,
        status: 'open',
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(put?.args[0].input.Item?.sk).toBe(`CLARIFICATION#${response.json.clarificationId}`);
  });

  it('moves a submitted application to clarification_requested with one update conditional on the version read', async () => {
    await ask({ question: QUESTION });

    expect(ddb).toReceiveCommandTimes(UpdateCommand, 1);
    expect(ddb).toReceiveCommandWith(UpdateCommand, {
      TableName: TABLE_NAME,
      Key: applicationKey(SDZ_ID),
      UpdateExpression: 'SET #version = :next, #status = :status, #gsi1sk = :gsi1sk',
      ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
      ExpressionAttributeNames: { '#version': 'version', '#status': 'status', '#gsi1sk': 'gsi1sk' },
      ExpressionAttributeValues: {
        ':expected': 1,
        ':next': 2,
        ':status': 'clarification_requested',
        ':gsi1sk': `STATUS#clarification_requested#${SUBMITTED_AT}#${SDZ_ID}`,
      },
      ReturnValues: 'ALL_NEW',
    });
  });

  it('records who asked and when in the audit trail, and announces ClarificationRequested without the question', async () => {
    const response = await ask({ question: QUESTION });
    const clarificationId = response.json.clarificationId as string;

    expect(ddb).toReceiveCommandWith(PutCommand, {
      TableName: TABLE_NAME,
      Item: {
        pk: `APPLICATION#${SDZ_ID}`,
        sk: expect.stringMatching(new RegExp(`^AUDIT#${NOW}#\\d{14}#\\d{6}#[0-9a-f]{4}$`)),
        type: 'AuditEntry',
        at: NOW,
        actor: 'facilitator-sub-1',
        action: 'clarification-requested',
        details: { clarificationId, previousStatus: 'submitted', status: 'clarification_requested', version: 2 },
      },
    });
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 1);
    expect(eventBridge).toReceiveCommandWith(PutEventsCommand, {
      Entries: [
        {
          EventBusName: EVENT_BUS_NAME,
          Source: 'srsn.innovation-zones',
          DetailType: 'ClarificationRequested',
          Detail: JSON.stringify({
            applicationId: SDZ_ID,
            clarificationId,
            cohort: '2022-2023',
            zone: 'SDZ',
            requestedAt: NOW,
          }),
          Time: new Date(NOW),
        },
      ],
    });
    expect(response.json).toStrictEqual({
      applicationId: SDZ_ID,
      clarificationId,
      question: QUESTION,
      requestedAt: NOW,
      status: 'open',
      answer: null,
      answeredAt: null,
      requestedBy: 'facilitator-sub-1',
      applicationStatus: 'clarification_requested',
      version: 2,
    });
  });

  it('never reads the link key: facilitators do not get the secret', async () => {
    const before = secretsManager.commandCalls(GetSecretValueCommand).length;

    await ask({ question: QUESTION });

    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(before);
  });

  it('leaves the status of an application already waiting for an answer, and of a decided one, as it is', async () => {
    for (const status of ['clarification_requested', 'selected']) {
      ddb.on(GetCommand, { Key: applicationKey(SDZ_ID) }).resolves({ Item: storedApplication(status, 4) });
      ddb.resetHistory();

      const response = await ask({ question: QUESTION });

      expect(response.statusCode, status).toBe(201);
      expect(response.json).toMatchObject({ applicationStatus: status, version: 4 });
      expect(ddb, status).toReceiveCommandTimes(UpdateCommand, 0);
    }
  });

  it('refuses an empty or missing question and unknown fields, naming the field, and stores nothing', async () => {
    const empty = await ask({ question: ' \n ' });
    const missing = await ask({});
    const extra = await ask({ question: QUESTION, urgent: true });
    const tooLong = await ask({ question: 'x'.repeat(4001) });

    expect(empty.json.errors).toEqual([{ field: 'question', message: 'must not be empty' }]);
    expect(missing.json.errors).toEqual([{ field: 'question', message: 'is required' }]);
    expect(extra.json.errors).toEqual([{ field: 'urgent', message: 'is not an allowed field' }]);
    expect(tooLong.json.errors).toEqual([{ field: 'question', message: 'must be at most 4000 characters' }]);
    for (const response of [empty, missing, extra, tooLong]) expect(response.statusCode).toBe(400);
    expect(writes()).toHaveLength(0);
    expect(eventBridge.calls()).toHaveLength(0);
  });

  it('answers 404 for an unknown application', async () => {
    const response = await invoke(
      routeEvent('POST /facilitator/applications/{applicationId}/clarifications', {
        pathParameters: { applicationId: OTHER_ID },
        body: { question: QUESTION },
        claims: FACILITATOR,
      }),
    );

    expect(response.statusCode).toBe(404);
    expect(writes()).toHaveLength(0);
  });

  it('answers 409 when the application changed meanwhile, and takes the unannounced question back', async () => {
    ddb.on(UpdateCommand, { Key: applicationKey(SDZ_ID) }).rejects(conditionalCheckFailed());
    ddb
      .on(GetCommand, { Key: applicationKey(SDZ_ID) })
      .resolvesOnce({ Item: storedApplication() })
      .resolves({ Item: storedApplication('selected', 2) });

    const response = await ask({ question: QUESTION });

    expect(response.statusCode).toBe(409);
    expect(response.json).toMatchObject({ error: 'VersionConflict', currentVersion: 2 });
    const created = ddb
      .commandCalls(PutCommand)
      .find((call) => String(call.args[0].input.Item?.sk).startsWith('CLARIFICATION#'))!;
    expect(ddb).toReceiveCommandWith(DeleteCommand, {
      TableName: TABLE_NAME,
      Key: { pk: `APPLICATION#${SDZ_ID}`, sk: created.args[0].input.Item!.sk },
      ConditionExpression: '#status = :open',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':open': 'open' },
    });
    expect(eventBridge.calls()).toHaveLength(0);
  });

  it('asks once per Idempotency-Key: the id derives from application, facilitator and key, and a retry replays', async () => {
    const digest = createHash('sha256').update(`${SDZ_ID}\nfacilitator-sub-1\nask-data-team`).digest('hex');
    const derivedId = `clr-${digest.slice(0, 16)}`;

    const first = await ask({ question: QUESTION }, { 'Idempotency-Key': 'ask-data-team' });
    expect(first.json.clarificationId).toBe(derivedId);
    expect(ddb).toReceiveCommandWith(GetCommand, {
      TableName: TABLE_NAME,
      Key: clarificationKey(SDZ_ID, derivedId),
      ConsistentRead: true,
    });

    ddb.on(GetCommand, { Key: clarificationKey(SDZ_ID, derivedId) }).resolves({
      Item: storedClarification({
        clarificationId: derivedId,
        sk: `CLARIFICATION#${derivedId}`,
        idempotencyKey: 'ask-data-team',
      }),
    });
    ddb
      .on(GetCommand, { Key: applicationKey(SDZ_ID) })
      .resolves({ Item: storedApplication('clarification_requested', 2) });
    ddb.resetHistory();
    eventBridge.resetHistory();

    const retry = await ask({ question: QUESTION }, { 'Idempotency-Key': 'ask-data-team' });

    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json).toMatchObject({
      clarificationId: derivedId,
      applicationStatus: 'clarification_requested',
      version: 2,
    });
    expect(writes()).toHaveLength(0);
    // Announced again: the email goes out once anyway, and a first attempt that failed to announce is completed.
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 1);
  });

  it('refuses another question under an Idempotency-Key already used, with 422', async () => {
    const digest = createHash('sha256').update(`${SDZ_ID}\nfacilitator-sub-1\nask-data-team`).digest('hex');
    const derivedId = `clr-${digest.slice(0, 16)}`;
    ddb
      .on(GetCommand, { Key: clarificationKey(SDZ_ID, derivedId) })
      .resolves({ Item: storedClarification({ clarificationId: derivedId }) });

    const response = await ask({ question: 'A different question?' }, { 'Idempotency-Key': 'ask-data-team' });

    expect(response.statusCode).toBe(422);
    expect(response.json.error).toBe('IdempotencyKeyReused');
    expect(writes()).toHaveLength(0);
    expect(eventBridge.calls()).toHaveLength(0);
  });

  it('answers 403 to a signed-in user outside the facilitators group', async () => {
    const response = await ask({ question: QUESTION }, {}, { sub: 'someone', 'cognito:groups': '[]' });

    expect(response.statusCode).toBe(403);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('GET /facilitator/applications/{applicationId}/clarifications', () => {
  it('lists questions and answers of the application with one consistent Query of its partition', async () => {
    ddb
      .on(QueryCommand)
      .resolves({ Items: [storedClarification({ status: 'answered', answer: ANSWER, answeredAt: LATER })] });

    const response = await invoke(
      routeEvent('GET /facilitator/applications/{applicationId}/clarifications', {
        pathParameters: { applicationId: SDZ_ID },
        claims: FACILITATOR,
      }),
    );

    expect(ddb).toReceiveCommandWith(QueryCommand, {
      TableName: TABLE_NAME,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `APPLICATION#${SDZ_ID}`, ':prefix': 'CLARIFICATION#' },
      ConsistentRead: true,
    });
    expect(response.json).toStrictEqual({
      applicationId: SDZ_ID,
      applicationStatus: 'submitted',
      items: [
        {
          clarificationId: CLARIFICATION_ID,
          question: QUESTION,
          requestedAt: NOW,
          status: 'answered',
          answer: ANSWER,
          answeredAt: LATER,
          requestedBy: 'facilitator-sub-1',
        },
      ],
    });
  });
});

describe('POST /applications/{applicationId}/clarifications/{clarificationId}/answer', () => {
  beforeEach(() => {
    ddb
      .on(GetCommand, { Key: applicationKey(SDZ_ID) })
      .resolves({ Item: storedApplication('clarification_requested', 2) });
    ddb
      .on(UpdateCommand, { Key: clarificationKey(SDZ_ID, CLARIFICATION_ID) })
      .resolves({ Attributes: storedClarification({ status: 'answered', answer: ANSWER, answeredAt: NOW }) });
    ddb
      .on(QueryCommand)
      .resolves({ Items: [storedClarification({ status: 'answered', answer: ANSWER, answeredAt: NOW })] });
  });

  it('records the answer once, with an update conditional on the question still being open', async () => {
    const response = await answer({ secret: secretOf(SDZ_ID), answer: ANSWER });

    expect(response.statusCode).toBe(200);
    expect(ddb).toReceiveCommandWith(UpdateCommand, {
      TableName: TABLE_NAME,
      Key: clarificationKey(SDZ_ID, CLARIFICATION_ID),
      UpdateExpression: 'SET #status = :answered, #answer = :answer, #answeredAt = :answeredAt',
      ConditionExpression: 'attribute_exists(pk) AND #status = :open',
      ExpressionAttributeNames: { '#status': 'status', '#answer': 'answer', '#answeredAt': 'answeredAt' },
      ExpressionAttributeValues: { ':answered': 'answered', ':open': 'open', ':answer': ANSWER, ':answeredAt': NOW },
      ReturnValues: 'ALL_NEW',
    });
  });

  it('returns the application to submitted once no question is open, and the audit trail names the applicant', async () => {
    const response = await answer({ secret: secretOf(SDZ_ID), answer: ANSWER });

    expect(ddb).toReceiveCommandWith(UpdateCommand, {
      Key: applicationKey(SDZ_ID),
      ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
      ExpressionAttributeValues: {
        ':expected': 2,
        ':next': 3,
        ':status': 'submitted',
        ':gsi1sk': `STATUS#submitted#${SUBMITTED_AT}#${SDZ_ID}`,
      },
    });
    expect(ddb).toReceiveCommandWith(PutCommand, {
      TableName: TABLE_NAME,
      Item: {
        pk: `APPLICATION#${SDZ_ID}`,
        sk: expect.stringMatching(new RegExp(`^AUDIT#${NOW}#`)),
        type: 'AuditEntry',
        at: NOW,
        actor: 'applicant',
        action: 'clarification-answered',
        details: {
          clarificationId: CLARIFICATION_ID,
          previousStatus: 'clarification_requested',
          status: 'submitted',
          version: 3,
        },
      },
    });
    expect(response.json).toStrictEqual({
      applicationId: SDZ_ID,
      clarificationId: CLARIFICATION_ID,
      question: QUESTION,
      requestedAt: NOW,
      status: 'answered',
      answer: ANSWER,
      answeredAt: NOW,
      applicationStatus: 'submitted',
    });
  });

  it('keeps the application waiting while another question is still open', async () => {
    ddb.on(QueryCommand).resolves({
      Items: [
        storedClarification({ status: 'answered' }),
        storedClarification({ clarificationId: 'clr-0000000000000001', status: 'open' }),
      ],
    });

    const response = await answer({ secret: secretOf(SDZ_ID), answer: ANSWER });

    expect(response.json.applicationStatus).toBe('clarification_requested');
    expect(ddb.commandCalls(UpdateCommand).filter((call) => call.args[0].input.Key?.sk === 'APPLICATION')).toHaveLength(
      0,
    );
  });

  it('answers 403 to a wrong secret before reading anything, and says nothing of the application', async () => {
    const wrong = await answer({ secret: secretOf(OTHER_ID), answer: ANSWER });
    const garbage = await answer({ secret: 'not-the-secret', answer: ANSWER });

    expect(wrong.statusCode).toBe(403);
    expect(garbage.statusCode).toBe(403);
    expect(wrong.json).toStrictEqual({
      error: 'Forbidden',
      message: 'This link is not valid for this application. Use the link from your email.',
    });
    expect(garbage.json).toStrictEqual(wrong.json);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('answers the same 403 for an application that does not exist, even with its would-be secret', async () => {
    const wrong = await answer({ secret: 'x'.repeat(43), answer: ANSWER });
    const unknown = await answer({ secret: secretOf(OTHER_ID), answer: ANSWER }, OTHER_ID);

    expect(unknown.statusCode).toBe(403);
    expect(unknown.json).toStrictEqual(wrong.json);
    expect(writes()).toHaveLength(0);
  });

  it('answers 409 to a second answer and leaves the first one', async () => {
    ddb.on(UpdateCommand, { Key: clarificationKey(SDZ_ID, CLARIFICATION_ID) }).rejects(conditionalCheckFailed());
    ddb
      .on(GetCommand, { Key: clarificationKey(SDZ_ID, CLARIFICATION_ID) })
      .resolves({ Item: storedClarification({ status: 'answered', answer: ANSWER, answeredAt: NOW }) });
    ddb.on(GetCommand, { Key: applicationKey(SDZ_ID) }).resolves({ Item: storedApplication('submitted', 3) });

    const response = await answer({ secret: secretOf(SDZ_ID), answer: 'A second thought.' });

    expect(response.statusCode).toBe(409);
    expect(response.json).toMatchObject({ error: 'AlreadyAnswered', answeredAt: NOW });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(1);
  });

  it('answers 404 for a question the application does not have', async () => {
    ddb.on(UpdateCommand, { Key: clarificationKey(SDZ_ID, 'clr-0000000000000002') }).rejects(conditionalCheckFailed());

    const response = await answer({ secret: secretOf(SDZ_ID), answer: ANSWER }, SDZ_ID, 'clr-0000000000000002');

    expect(response.statusCode).toBe(404);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('refuses a bad body naming the field, and stores nothing', async () => {
    const noAnswer = await answer({ secret: secretOf(SDZ_ID) });
    const noSecret = await answer({ answer: ANSWER });
    const control = await answer({ secret: secretOf(SDZ_ID), answer: 'bell\u0007' });
    const extra = await answer({ secret: secretOf(SDZ_ID), answer: ANSWER, name: 'x' });
    const notJson = await answer('{"secret":');

    expect(noAnswer.json.errors).toEqual([{ field: 'answer', message: 'is required' }]);
    expect(noSecret.json.errors).toEqual([{ field: 'secret', message: 'is required' }]);
    expect(control.json.errors).toEqual([{ field: 'answer', message: 'must not contain control characters' }]);
    expect(extra.json.errors).toEqual([{ field: 'name', message: 'is not an allowed field' }]);
    expect(notJson.json.errors).toEqual([{ field: 'body', message: 'must be valid JSON' }]);
    for (const response of [noAnswer, noSecret, control, extra, notJson]) expect(response.statusCode).toBe(400);
    expect(writes()).toHaveLength(0);
  });

  it('reads the key from Secrets Manager by the configured ARN, once per cold start', async () => {
    await answer({ secret: secretOf(SDZ_ID), answer: ANSWER });
    await answer({ secret: secretOf(SDZ_ID), answer: ANSWER });

    expect(secretsManager).toReceiveCommandTimes(GetSecretValueCommand, 1);
    expect(secretsManager).toReceiveCommandWith(GetSecretValueCommand, { SecretId: LINKS.APPLICANT_LINK_SECRET_ARN });
  });
});

describe('GET /applications/{applicationId}/clarifications/{clarificationId}?secret=', () => {
  it('shows the question and how to answer it to the holder of the secret, and 403 to anyone else', async () => {
    ddb.on(GetCommand, { Key: clarificationKey(SDZ_ID, CLARIFICATION_ID) }).resolves({ Item: storedClarification() });
    const read = (secret: string) =>
      invoke(
        routeEvent('GET /applications/{applicationId}/clarifications/{clarificationId}', {
          pathParameters: { applicationId: SDZ_ID, clarificationId: CLARIFICATION_ID },
          query: { secret },
        }),
      );

    const allowed = await read(secretOf(SDZ_ID));
    const refused = await read(secretOf(OTHER_ID));

    expect(allowed.statusCode).toBe(200);
    expect(allowed.json).toStrictEqual({
      applicationId: SDZ_ID,
      cohort: '2022-2023',
      zone: 'System Design Zone (SDZ)',
      applicant: 'Lindbergh Schools',
      clarification: {
        clarificationId: CLARIFICATION_ID,
        question: QUESTION,
        requestedAt: NOW,
        status: 'open',
        answer: null,
        answeredAt: null,
        answerWith: {
          method: 'POST',
          url: `${LINKS.PUBLIC_API_URL}/applications/${SDZ_ID}/clarifications/${CLARIFICATION_ID}/answer`,
          contentType: 'application/json',
          body: { secret: 'the secret from your email', answer: 'your answer' },
        },
      },
    });
    expect(refused.statusCode).toBe(403);
  });

  it('answers 400 naming the query parameter when the secret is missing', async () => {
    const response = await invoke(
      routeEvent('GET /applications/{applicationId}/clarifications', { pathParameters: { applicationId: SDZ_ID } }),
    );

    expect(response.statusCode).toBe(400);
    expect(response.json.errors).toEqual([{ field: 'query.secret', message: 'is required' }]);
  });
});

describe('the per-application secret', () => {
  const key = Buffer.from(KEY, 'utf8');

  it('is a 43-character base64url HMAC-SHA256 of the application id, different per application', () => {
    expect(applicantSecret(key, SDZ_ID)).toBe(secretOf(SDZ_ID));
    expect(applicantSecret(key, SDZ_ID)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(applicantSecret(key, OTHER_ID)).not.toBe(applicantSecret(key, SDZ_ID));
    expect(applicantSecret(Buffer.from(KEY.replace('k', 'K')), SDZ_ID)).not.toBe(applicantSecret(key, SDZ_ID));
  });

  it('verifies only the exact secret of that application', () => {
    const secret = secretOf(SDZ_ID);
    expect(isApplicantSecret(key, SDZ_ID, secret)).toBe(true);
    expect(isApplicantSecret(key, OTHER_ID, secret)).toBe(false);
    expect(isApplicantSecret(key, SDZ_ID, `${secret.slice(0, 42)}${secret.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
    expect(isApplicantSecret(key, SDZ_ID, secret.slice(0, 42))).toBe(false);
    expect(isApplicantSecret(key, SDZ_ID, '')).toBe(false);
  });

  it('refuses a key shorter than 32 bytes', () => {
    expect(() => applicantSecret(Buffer.from('short'), SDZ_ID)).toThrow(/at least 32 bytes/);
  });

  it('is read from Secrets Manager once, and read again after a failed read', async () => {
    const client = new SecretsManagerClient({});
    const local = mockClient(client);
    local.on(GetSecretValueCommand).rejectsOnce(new Error('throttled')).resolves({ SecretString: KEY });
    const source = applicantLinkKeySource(client, {
      APPLICANT_LINK_SECRET_ARN: 'arn:aws:secretsmanager:us-east-2:1:secret:x',
    });

    await expect(source()).rejects.toThrow('throttled');
    expect((await source()).toString('utf8')).toBe(KEY);
    await source();

    expect(local).toReceiveCommandTimes(GetSecretValueCommand, 2);
    local.restore();
  });

  it('uses the local key when the runtime sets one, and fails at load when neither is configured', async () => {
    const unusedClient = new SecretsManagerClient({});
    expect((await applicantLinkKeySource(unusedClient, { APPLICANT_LINK_KEY: KEY })()).toString('utf8')).toBe(KEY);
    expect(() => applicantLinkKeySource(unusedClient, {})).toThrow(/APPLICANT_LINK_SECRET_ARN/);
    expect(() => applicantLinkKeySource(unusedClient, { APPLICANT_LINK_KEY: 'too-short' })).toThrow(
      /at least 32 bytes/,
    );
  });
});
