import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/submit-application/handler.ts';
import { MAX_APPLICATION_BYTES } from '../../shared/applications/submit-application.ts';
import { ENV } from '../../shared/platform/config/env-names.ts';
import { resetClockSource, setClockSource } from '../../shared/platform/time/clock.ts';
import { validApplication } from '../fixtures/applications.ts';
import { apiEvent, lambdaContext, postApplication } from '../support/api-event.ts';
import { EVENT_BUS_NAME, TABLE_NAME } from '../support/handler-environment.ts';
import { takeLogs } from '../support/logs.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const eventBridge = mockClient(EventBridgeClient);

/** sha256("2022-2023|SDZ|district:096-104"), first 12 hex digits: the SDZ fixture's id. */
const SDZ_ID = 'sdz-2022-2023-0453ba3b856e';
const SDZ_KEY = { pk: `APPLICATION#${SDZ_ID}`, sk: 'APPLICATION' };
const OPEN_NOW = new Date('2022-09-01T15:00:00.000Z');
const SDZ_CLOSES = '2022-09-10T05:00:00.000Z';
const SDZ_OPENS = '2022-08-19T05:00:00.000Z';
const INTERNAL_ERROR_MESSAGE = 'Something went wrong on our side; please retry. Nothing was stored.';

function conditionalCheckFailed(): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
}

function at(instant: Date | string): void {
  const fixed = new Date(instant);
  setClockSource(() => new Date(fixed));
}

interface Answer {
  statusCode: number;
  headers: Record<string, string>;
  json: Record<string, any>;
  body: string;
}

async function submit(event = postApplication(validApplication('SDZ'))): Promise<Answer> {
  const response = await handler(event, lambdaContext('submit-application'));
  expect(response.headers?.['content-type']).toBe('application/json; charset=utf-8');
  return {
    statusCode: response.statusCode,
    headers: response.headers as Record<string, string>,
    json: JSON.parse(response.body) as Record<string, any>,
    body: response.body,
  };
}

function applicationPuts() {
  return ddb.commandCalls(PutCommand).filter((call) => call.args[0].input.Item?.sk === 'APPLICATION');
}

function idempotencyPuts() {
  return ddb.commandCalls(PutCommand).filter((call) => String(call.args[0].input.Item?.pk).startsWith('IDEMPOTENCY#'));
}

function expectNothingSent(): void {
  expect(ddb).toReceiveCommandTimes(PutCommand, 0);
  expect(ddb).toReceiveCommandTimes(UpdateCommand, 0);
  expect(ddb).toReceiveCommandTimes(DeleteCommand, 0);
  expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 0);
}

function expectNoAwsCallAtAll(): void {
  expect(ddb.calls()).toHaveLength(0);
  expect(eventBridge.calls()).toHaveLength(0);
}

/** Runs one successful submission with an Idempotency-Key and returns what it stored. */
async function firstSubmission(key: string, body = validApplication('SDZ')) {
  const answer = await submit(postApplication(body, { 'Idempotency-Key': key }));
  expect(answer.statusCode).toBe(201);
  const applicationItem = applicationPuts()[0]!.args[0].input.Item!;
  const idempotencyItem = idempotencyPuts()[0]!.args[0].input.Item!;
  return { answer, applicationItem, idempotencyItem };
}

beforeEach(() => {
  ddb.reset();
  eventBridge.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(PutCommand).resolves({});
  ddb.on(DeleteCommand).resolves({});
  eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'event-1' }] });
  at(OPEN_NOW);
});

afterAll(() => {
  resetClockSource();
  ddb.restore();
  eventBridge.restore();
});

describe('POST /applications: an accepted SDZ application', () => {
  it('is stored with one conditional put keyed by application id and review-queue index', async () => {
    const answer = await submit();

    expect(answer.statusCode).toBe(201);
    expect(applicationPuts()).toHaveLength(1);
    expect(ddb).toReceiveCommandWith(PutCommand, {
      TableName: TABLE_NAME,
      Item: {
        pk: `APPLICATION#${SDZ_ID}`,
        sk: 'APPLICATION',
        gsi1pk: 'COHORT#2022-2023#ZONE#SDZ',
        gsi1sk: `STATUS#submitted#2022-09-01T15:00:00.000Z#${SDZ_ID}`,
        type: 'Application',
        applicationId: SDZ_ID,
        cohort: '2022-2023',
        zone: 'SDZ',
        applicantKey: 'district:096-104',
        status: 'submitted',
        version: 1,
        submittedAt: '2022-09-01T15:00:00.000Z',
        application: validApplication('SDZ'),
        requestHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    const input = ddb.commandCalls(PutCommand)[0]!.args[0].input;
    expect(Object.keys(input).sort()).toEqual(['ConditionExpression', 'Item', 'TableName']);
    expect(input.Item).not.toHaveProperty('idempotencyKey');
  });

  it('publishes exactly one ApplicationSubmitted entry whose detail carries ids and dates but no personal data', async () => {
    await submit();

    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 1);
    const entries = eventBridge.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries!;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toStrictEqual({
      EventBusName: EVENT_BUS_NAME,
      Source: 'srsn.innovation-zones',
      DetailType: 'ApplicationSubmitted',
      Detail: expect.any(String),
      Time: OPEN_NOW,
    });
    expect(JSON.parse(entries[0]!.Detail!)).toStrictEqual({
      applicationId: SDZ_ID,
      cohort: '2022-2023',
      zone: 'SDZ',
      submittedAt: '2022-09-01T15:00:00.000Z',
    });
    for (const personal of ['dana.whitfield', 'Dana Whitfield', 'Lindbergh', 'superintendent@', '314-555']) {
      expect(entries[0]!.Detail).not.toContain(personal);
    }
  });

  it('stores before it publishes, and records the submission in the audit trail only once announced', async () => {
    const order: string[] = [];
    ddb.on(PutCommand).callsFake(async (input: { Item: { sk: string } }) => {
      order.push(input.Item.sk.startsWith('AUDIT#') ? 'audit' : 'put');
      return {};
    });
    eventBridge.on(PutEventsCommand).callsFake(async () => {
      order.push('publish');
      return { FailedEntryCount: 0, Entries: [{ EventId: 'e' }] };
    });

    await submit();

    expect(order).toEqual(['put', 'publish', 'audit']);
    expect(ddb).toReceiveCommandWith(PutCommand, {
      TableName: TABLE_NAME,
      Item: {
        pk: `APPLICATION#${SDZ_ID}`,
        sk: expect.stringMatching(/^AUDIT#2022-09-01T15:00:00\.000Z#\d{14}#\d{6}#[0-9a-f]{4}$/),
        type: 'AuditEntry',
        at: '2022-09-01T15:00:00.000Z',
        actor: 'applicant',
        action: 'submitted',
        details: { zone: 'SDZ', cohort: '2022-2023' },
      },
    });
  });

  it('answers 201 with the application id, status and a Location header', async () => {
    const answer = await submit();

    expect(answer.statusCode).toBe(201);
    expect(answer.json).toStrictEqual({
      applicationId: SDZ_ID,
      status: 'submitted',
      cohort: '2022-2023',
      zone: 'SDZ',
      submittedAt: '2022-09-01T15:00:00.000Z',
    });
    expect(answer.headers.location).toBe(`/applications/${SDZ_ID}`);
  });

  it('accepts a content type with a charset parameter', async () => {
    const answer = await submit(
      postApplication(validApplication('SDZ'), { 'content-type': 'application/json; charset=utf-8' }),
    );

    expect(answer.statusCode).toBe(201);
  });

  it('accepts an application in the first millisecond of the window', async () => {
    at(SDZ_OPENS);

    const answer = await submit();

    expect(answer.statusCode).toBe(201);
  });

  it('accepts an application in the last millisecond before the SDZ due date ends in Central time', async () => {
    at(new Date(Date.parse(SDZ_CLOSES) - 1));

    const answer = await submit();

    expect(answer.statusCode).toBe(201);
    expect(answer.json.submittedAt).toBe('2022-09-10T04:59:59.999Z');
  });
});

describe('POST /applications: invalid input is refused with field-level messages and nothing stored', () => {
  it('refuses a body that is not valid JSON', async () => {
    const answer = await submit(postApplication('{"cohort": "2022-2023",'));

    expect(answer.statusCode).toBe(400);
    expect(answer.json.error).toBe('ValidationError');
    expect(answer.json.errors).toEqual([{ field: 'body', message: 'must be valid JSON' }]);
    expectNoAwsCallAtAll();
  });

  it('refuses a JSON array', async () => {
    const answer = await submit(postApplication([validApplication('SDZ')]));

    expect(answer.statusCode).toBe(400);
    expect(answer.json.errors).toEqual([{ field: 'body', message: 'must be a JSON object' }]);
    expectNoAwsCallAtAll();
  });

  it('refuses an application with a missing field and names it', async () => {
    const body = validApplication('SDZ');
    delete body.contact.email;

    const answer = await submit(postApplication(body));

    expect(answer.statusCode).toBe(400);
    expect(answer.json.errors).toEqual([{ field: 'contact.email', message: 'is required' }]);
    expectNoAwsCallAtAll();
  });

  it('refuses an unknown top-level key and names it', async () => {
    const body = { ...validApplication('SDZ'), favouriteColour: 'green' };

    const answer = await submit(postApplication(body));

    expect(answer.statusCode).toBe(400);
    expect(answer.json.errors).toEqual([{ field: 'favouriteColour', message: 'is not an allowed field' }]);
    expectNoAwsCallAtAll();
  });

  it('refuses an unknown key nested in an object and names its path', async () => {
    const body = validApplication('SDZ');
    body.contact.nickname = 'Dee';

    const answer = await submit(postApplication(body));

    expect(answer.statusCode).toBe(400);
    expect(answer.json.errors).toEqual([{ field: 'contact.nickname', message: 'is not an allowed field' }]);
    expectNoAwsCallAtAll();
  });

  it('refuses a __proto__ key as an unknown field', async () => {
    const body = JSON.stringify(validApplication('SDZ')).replace('{', '{"__proto__":{"isAdmin":true},');

    const answer = await submit(postApplication(body));

    expect(answer.statusCode).toBe(400);
    expect(answer.json.errors).toEqual([{ field: '__proto__', message: 'is not an allowed field' }]);
    expectNoAwsCallAtAll();
  });

  it.each([
    ['CR LF', 'Dana Whitfield\r\nBcc: victim@example.com'],
    ['LF', 'Dana\nWhitfield'],
    ['CR', 'Dana\rWhitfield'],
  ])('refuses %s in contact.name (header injection)', async (_label, name) => {
    const body = validApplication('SDZ');
    body.contact.name = name;

    const answer = await submit(postApplication(body));

    expect(answer.statusCode).toBe(400);
    expect(answer.json.errors).toEqual([
      { field: 'contact.name', message: 'must be a single line without control characters (CR/LF refused)' },
    ]);
    expectNoAwsCallAtAll();
  });

  it('refuses an SDZ application from a school and names applicant.kind', async () => {
    const body = validApplication('SDZ');
    body.applicant.kind = 'school';

    const answer = await submit(postApplication(body));

    expect(answer.statusCode).toBe(400);
    expect(answer.json.errors.map((error: { field: string }) => error.field)).toContain('applicant.kind');
    expectNoAwsCallAtAll();
  });

  it('answers 415 for text/plain and stores nothing', async () => {
    const event = apiEvent({
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(validApplication('SDZ')),
    });

    const answer = await submit(event);

    expect(answer.statusCode).toBe(415);
    expect(answer.json.error).toBe('UnsupportedMediaType');
    expectNoAwsCallAtAll();
  });

  it('answers 415 when the content type is missing', async () => {
    const answer = await submit(apiEvent({ body: JSON.stringify(validApplication('SDZ')) }));

    expect(answer.statusCode).toBe(415);
    expectNoAwsCallAtAll();
  });

  it('answers 413 for a body over 100 KiB and stores nothing', async () => {
    const padding = 'x'.repeat(MAX_APPLICATION_BYTES);
    const body = JSON.stringify({ ...validApplication('SDZ'), padding });
    expect(Buffer.byteLength(body)).toBeGreaterThan(100 * 1024);

    const answer = await submit(postApplication(body));

    expect(MAX_APPLICATION_BYTES).toBe(100 * 1024);
    expect(answer.statusCode).toBe(413);
    expect(answer.json).toStrictEqual({
      error: 'PayloadTooLarge',
      message: `The body must be at most ${MAX_APPLICATION_BYTES} bytes.`,
      maxBytes: MAX_APPLICATION_BYTES,
    });
    expectNoAwsCallAtAll();
  });

  it('measures the size of a base64-encoded body after decoding (multi-byte characters count as bytes)', async () => {
    // 60,000 "é" are 60,000 characters but 120,000 bytes in UTF-8: over 100 KiB.
    const body = JSON.stringify({ ...validApplication('SDZ'), padding: 'é'.repeat(60_000) });
    expect(body.length).toBeLessThan(MAX_APPLICATION_BYTES);
    const event = apiEvent({
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(body, 'utf8').toString('base64'),
      isBase64Encoded: true,
    });

    const answer = await submit(event);

    expect(answer.statusCode).toBe(413);
    expectNoAwsCallAtAll();
  });
});

describe('POST /applications: outside the application window', () => {
  it('answers 409 WindowClosed from the instant the SDZ due date ends in Central time', async () => {
    at(SDZ_CLOSES);

    const answer = await submit();

    expect(answer.statusCode).toBe(409);
    expect(answer.json.error).toBe('WindowClosed');
    expect(answer.json.closedAt).toBe('2022-09-10T05:00:00.000Z');
    expect(answer.json.message).toContain('System Design Zone (SDZ)');
    expectNothingSent();
  });

  it('answers 409 WindowClosed weeks after the due date', async () => {
    at('2022-10-01T12:00:00.000Z');

    const answer = await submit();

    expect(answer.statusCode).toBe(409);
    expect(answer.json).toMatchObject({ error: 'WindowClosed', closedAt: '2022-09-10T05:00:00.000Z' });
    expectNothingSent();
  });

  it('answers 409 WindowNotOpen before the window opens', async () => {
    at(new Date(Date.parse(SDZ_OPENS) - 1));

    const answer = await submit();

    expect(answer.statusCode).toBe(409);
    expect(answer.json).toMatchObject({ error: 'WindowNotOpen', opensAt: SDZ_OPENS });
    expectNothingSent();
  });

  it('still accepts ILDZ applications after the SDZ window has closed', async () => {
    at('2022-09-12T15:00:00.000Z');

    const answer = await submit(postApplication(validApplication('ILDZ')));

    expect(answer.statusCode).toBe(201);
    expect(answer.json.zone).toBe('ILDZ');
  });
});

describe('POST /applications: a second application of the same applicant', () => {
  it('answers 409 DuplicateApplication with the existing id when the conditional put fails, and publishes nothing', async () => {
    ddb.on(PutCommand).rejects(conditionalCheckFailed());
    ddb.on(GetCommand, { Key: SDZ_KEY }).resolves({
      Item: {
        ...SDZ_KEY,
        type: 'Application',
        applicationId: SDZ_ID,
        cohort: '2022-2023',
        zone: 'SDZ',
        applicantKey: 'district:096-104',
        status: 'submitted',
        submittedAt: '2022-08-30T14:00:00.000Z',
        application: validApplication('SDZ'),
        requestHash: 'f'.repeat(64),
      },
    });

    const answer = await submit();

    expect(answer.statusCode).toBe(409);
    expect(answer.json).toMatchObject({ error: 'DuplicateApplication', applicationId: SDZ_ID });
    expect(ddb).toReceiveCommandWith(GetCommand, { TableName: TABLE_NAME, Key: SDZ_KEY, ConsistentRead: true });
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 0);
    expect(ddb).toReceiveCommandTimes(DeleteCommand, 0);
  });

  it('answers 409 even when the same body is sent again with a different Idempotency-Key', async () => {
    const { applicationItem } = await firstSubmission('first-key');
    ddb.reset();
    eventBridge.reset();
    ddb.on(GetCommand).resolves({});
    ddb.on(GetCommand, { Key: SDZ_KEY }).resolves({ Item: applicationItem });
    ddb.on(PutCommand).rejects(conditionalCheckFailed());

    const answer = await submit(postApplication(validApplication('SDZ'), { 'Idempotency-Key': 'second-key' }));

    expect(answer.statusCode).toBe(409);
    expect(answer.json.error).toBe('DuplicateApplication');
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 0);
  });
});

describe('POST /applications: Idempotency-Key', () => {
  it('saves the answer under IDEMPOTENCY#<key> after a successful submission', async () => {
    const { answer, applicationItem } = await firstSubmission('key-123');

    expect(applicationItem.idempotencyKey).toBe('key-123');
    expect(ddb).toReceiveCommandWith(PutCommand, {
      TableName: TABLE_NAME,
      Item: {
        pk: 'IDEMPOTENCY#key-123',
        sk: 'IDEMPOTENCY',
        type: 'IdempotencyRecord',
        requestHash: applicationItem.requestHash,
        statusCode: 201,
        body: answer.body,
        expiresAt: Date.parse('2022-09-01T15:00:00.000Z') / 1000 + 24 * 3600,
      },
    });
  });

  it('still answers 201 when the application is stored and announced but its idempotency record cannot be saved', async () => {
    ddb.on(PutCommand).callsFake((input: { Item?: { sk?: string } }) => {
      if (input.Item?.sk === 'IDEMPOTENCY') throw new Error('Throughput exceeded');
      return {};
    });

    const answer = await submit(postApplication(validApplication('SDZ'), { 'Idempotency-Key': 'unsaved-key' }));

    expect(answer.statusCode).toBe(201);
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 1);
    expect(ddb).toReceiveCommandTimes(DeleteCommand, 0);
    expect(takeLogs()).toMatchObject([
      {
        level: 'ERROR',
        message: 'Could not save the idempotency record',
        applicationId: expect.any(String),
        error: { message: 'Throughput exceeded' },
      },
    ]);
  });

  it('replays the stored answer for the same key and body, with no put and no event', async () => {
    const { answer: first, idempotencyItem } = await firstSubmission('replay-key');
    ddb.reset();
    eventBridge.reset();
    ddb.on(GetCommand).resolves({});
    ddb
      .on(GetCommand, { Key: { pk: 'IDEMPOTENCY#replay-key', sk: 'IDEMPOTENCY' } })
      .resolves({ Item: idempotencyItem });
    at('2022-09-01T15:05:00.000Z');

    const answer = await submit(postApplication(validApplication('SDZ'), { 'Idempotency-Key': 'replay-key' }));

    expect(answer.statusCode).toBe(201);
    expect(answer.body).toBe(first.body);
    expect(answer.headers['idempotent-replayed']).toBe('true');
    expect(ddb).toReceiveCommandWith(GetCommand, {
      TableName: TABLE_NAME,
      Key: { pk: 'IDEMPOTENCY#replay-key', sk: 'IDEMPOTENCY' },
      ConsistentRead: true,
    });
    expectNothingSent();
  });

  it('replays the stored answer when the retry arrives after the window has closed', async () => {
    at('2022-09-10T04:30:00.000Z');
    const { answer: first, idempotencyItem } = await firstSubmission('late-retry');
    ddb.reset();
    eventBridge.reset();
    ddb.on(GetCommand).resolves({});
    ddb
      .on(GetCommand, { Key: { pk: 'IDEMPOTENCY#late-retry', sk: 'IDEMPOTENCY' } })
      .resolves({ Item: idempotencyItem });
    at('2022-09-10T05:30:00.000Z');

    const answer = await submit(postApplication(validApplication('SDZ'), { 'Idempotency-Key': 'late-retry' }));

    expect(answer.statusCode).toBe(201);
    expect(answer.body).toBe(first.body);
    expectNothingSent();
  });

  it('replays for the same body sent with its keys in another order', async () => {
    const { answer: first, idempotencyItem } = await firstSubmission('order-key');
    ddb.reset();
    eventBridge.reset();
    ddb.on(GetCommand).resolves({});
    ddb.on(GetCommand, { Key: { pk: 'IDEMPOTENCY#order-key', sk: 'IDEMPOTENCY' } }).resolves({ Item: idempotencyItem });
    const original = validApplication('SDZ');
    const reordered: Record<string, unknown> = Object.fromEntries(Object.entries(original).reverse());
    reordered.contact = Object.fromEntries(Object.entries(original.contact).reverse());

    const answer = await submit(postApplication(reordered, { 'Idempotency-Key': 'order-key' }));

    expect(answer.statusCode).toBe(201);
    expect(answer.body).toBe(first.body);
    expectNothingSent();
  });

  it('answers 422 when the key was used for a different body, with no put and no event', async () => {
    const { idempotencyItem } = await firstSubmission('reused-key');
    ddb.reset();
    eventBridge.reset();
    ddb.on(GetCommand).resolves({});
    ddb
      .on(GetCommand, { Key: { pk: 'IDEMPOTENCY#reused-key', sk: 'IDEMPOTENCY' } })
      .resolves({ Item: idempotencyItem });
    const different = validApplication('SDZ');
    different.contact.title = 'Assistant Superintendent';

    const answer = await submit(postApplication(different, { 'Idempotency-Key': 'reused-key' }));

    expect(answer.statusCode).toBe(422);
    expect(answer.json.error).toBe('IdempotencyKeyReused');
    expectNothingSent();
  });

  it('ignores an expired idempotency record', async () => {
    const { idempotencyItem } = await firstSubmission('expired-key');
    ddb.reset();
    eventBridge.reset();
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).resolves({});
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e' }] });
    ddb.on(GetCommand, { Key: { pk: 'IDEMPOTENCY#expired-key', sk: 'IDEMPOTENCY' } }).resolves({
      Item: { ...idempotencyItem, expiresAt: Date.parse('2022-09-01T15:00:00.000Z') / 1000 },
    });
    const different = validApplication('SDZ');
    different.contact.title = 'Assistant Superintendent';

    const answer = await submit(postApplication(different, { 'Idempotency-Key': 'expired-key' }));

    expect(answer.statusCode).toBe(201);
    expect(applicationPuts()).toHaveLength(1);
  });

  it.each([
    ['200 characters', 'k'.repeat(200)],
    ['129 characters', 'k'.repeat(129)],
    ['a space', 'two words'],
    ['a non-ASCII character', 'clé'],
  ])('answers 400 naming Idempotency-Key for a key with %s, and stores nothing', async (_label, key) => {
    const answer = await submit(postApplication(validApplication('SDZ'), { 'Idempotency-Key': key }));

    expect(answer.statusCode).toBe(400);
    expect(answer.json.errors).toEqual([
      { field: 'Idempotency-Key', message: 'must be 1 to 128 printable ASCII characters' },
    ]);
    expectNoAwsCallAtAll();
  });

  it('accepts a 128-character key', async () => {
    const answer = await submit(postApplication(validApplication('SDZ'), { 'Idempotency-Key': 'k'.repeat(128) }));

    expect(answer.statusCode).toBe(201);
  });

  it('finishes a retry after a crash: publishes, answers 201 with the stored record and saves the idempotency record', async () => {
    const { applicationItem } = await firstSubmission('crash-key');
    // The first attempt stored the application and crashed before publishing and saving its answer.
    ddb.reset();
    eventBridge.reset();
    ddb.on(GetCommand).resolves({});
    ddb.on(GetCommand, { Key: SDZ_KEY }).resolves({ Item: applicationItem });
    ddb.on(PutCommand).resolves({});
    ddb.on(PutCommand, { Item: { pk: `APPLICATION#${SDZ_ID}` } }).rejects(conditionalCheckFailed());
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e' }] });
    at('2022-09-01T15:02:00.000Z');

    const answer = await submit(postApplication(validApplication('SDZ'), { 'Idempotency-Key': 'crash-key' }));

    expect(answer.statusCode).toBe(201);
    expect(answer.json).toStrictEqual({
      applicationId: SDZ_ID,
      status: 'submitted',
      cohort: '2022-2023',
      zone: 'SDZ',
      submittedAt: '2022-09-01T15:00:00.000Z',
    });
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 1);
    const detail = JSON.parse(eventBridge.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries![0]!.Detail!);
    expect(detail).toStrictEqual({
      applicationId: SDZ_ID,
      cohort: '2022-2023',
      zone: 'SDZ',
      submittedAt: '2022-09-01T15:00:00.000Z',
    });
    expect(idempotencyPuts()).toHaveLength(1);
    expect(idempotencyPuts()[0]!.args[0].input.Item).toMatchObject({
      pk: 'IDEMPOTENCY#crash-key',
      sk: 'IDEMPOTENCY',
      requestHash: applicationItem.requestHash,
      statusCode: 201,
      body: answer.body,
    });
    expect(ddb).toReceiveCommandTimes(DeleteCommand, 0);
  });
});

describe('POST /applications: the event cannot be published', () => {
  /** A put/delete-aware stand-in for the table, to see what is left stored. */
  function trackStoredItems(): Map<string, Record<string, unknown>> {
    const stored = new Map<string, Record<string, unknown>>();
    ddb.on(PutCommand).callsFake(async (input: { Item: Record<string, unknown> }) => {
      stored.set(`${String(input.Item.pk)}|${String(input.Item.sk)}`, input.Item);
      return {};
    });
    ddb
      .on(DeleteCommand)
      .callsFake(
        async (input: { Key: Record<string, unknown>; ExpressionAttributeValues: Record<string, unknown> }) => {
          const id = `${String(input.Key.pk)}|${String(input.Key.sk)}`;
          if (stored.get(id)?.requestHash !== input.ExpressionAttributeValues[':hash']) throw conditionalCheckFailed();
          stored.delete(id);
          return {};
        },
      );
    return stored;
  }

  it.each([
    [
      'PutEvents reports a failed entry',
      () =>
        eventBridge
          .on(PutEventsCommand)
          .resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }] }),
      'PutEvents refused ApplicationSubmitted: InternalFailure try again',
    ],
    [
      'PutEvents rejects',
      () => eventBridge.on(PutEventsCommand).rejects(new Error('connect ETIMEDOUT')),
      'connect ETIMEDOUT',
    ],
  ])(
    'when %s, deletes the stored application on its request hash and answers a generic 500',
    async (_label, failPublish, loggedError) => {
      const stored = trackStoredItems();
      failPublish();

      const answer = await submit();

      expect(answer.statusCode).toBe(500);
      expect(answer.json).toStrictEqual({ error: 'InternalError', message: INTERNAL_ERROR_MESSAGE });
      const requestHash = applicationPuts()[0]!.args[0].input.Item!.requestHash;
      expect(ddb).toReceiveCommandTimes(DeleteCommand, 1);
      expect(ddb).toReceiveCommandWith(DeleteCommand, {
        TableName: TABLE_NAME,
        Key: SDZ_KEY,
        ConditionExpression: 'requestHash = :hash',
        ExpressionAttributeValues: { ':hash': requestHash },
      });
      expect([...stored.keys()]).toEqual([]);
      expect(takeLogs()).toMatchObject([
        { level: 'ERROR', message: 'Unhandled error while serving a request', error: { message: loggedError } },
      ]);
    },
  );

  it('does not save an idempotency record for the failed request, so a retry can succeed', async () => {
    const stored = trackStoredItems();
    eventBridge.on(PutEventsCommand).rejects(new Error('connect ETIMEDOUT'));

    const answer = await submit(postApplication(validApplication('SDZ'), { 'Idempotency-Key': 'failing-key' }));

    expect(answer.statusCode).toBe(500);
    expect(idempotencyPuts()).toHaveLength(0);
    expect([...stored.keys()]).toEqual([]);
    expect(takeLogs()).toMatchObject([
      { level: 'ERROR', message: 'Unhandled error while serving a request', error: { message: 'connect ETIMEDOUT' } },
    ]);
  });

  it('does not leak the internal error to the caller', async () => {
    eventBridge
      .on(PutEventsCommand)
      .rejects(new Error('AccessDeniedException: arn:aws:events:us-east-2:123456789012:event-bus/secret'));

    const answer = await submit();

    expect(answer.statusCode).toBe(500);
    expect(answer.body).not.toContain('arn:aws');
    expect(answer.body).not.toContain('AccessDenied');
    // The details go to the log only.
    expect(takeLogs()).toMatchObject([
      {
        level: 'ERROR',
        message: 'Unhandled error while serving a request',
        error: { message: expect.stringContaining('AccessDeniedException') },
      },
    ]);
  });
});

describe('POST /applications: unexpected failures', () => {
  it('answers a 500 JSON error instead of throwing when DynamoDB fails unexpectedly, and publishes nothing', async () => {
    ddb
      .on(PutCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' }));

    const answer = await submit();

    expect(answer.statusCode).toBe(500);
    expect(answer.json).toStrictEqual({ error: 'InternalError', message: INTERNAL_ERROR_MESSAGE });
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 0);
    expect(takeLogs()).toMatchObject([
      {
        level: 'ERROR',
        message: 'Unhandled error while serving a request',
        error: { name: 'ProvisionedThroughputExceededException', message: 'Rate exceeded' },
      },
    ]);
  });

  it('answers a 500 JSON error when the idempotency lookup fails', async () => {
    ddb.on(GetCommand).rejects(new Error('socket hang up'));

    const answer = await submit(postApplication(validApplication('SDZ'), { 'Idempotency-Key': 'any-key' }));

    expect(answer.statusCode).toBe(500);
    expect(answer.json.error).toBe('InternalError');
    expectNothingSent();
    expect(takeLogs()).toMatchObject([
      { level: 'ERROR', message: 'Unhandled error while serving a request', error: { message: 'socket hang up' } },
    ]);
  });

  it('answers a 500 JSON error when the duplicate check cannot read the existing record', async () => {
    ddb.on(PutCommand).rejects(conditionalCheckFailed());
    ddb.on(GetCommand).rejects(new Error('socket hang up'));

    const answer = await submit();

    expect(answer.statusCode).toBe(500);
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 0);
    expect(takeLogs()).toMatchObject([
      { level: 'ERROR', message: 'Unhandled error while serving a request', error: { message: 'socket hang up' } },
    ]);
  });

  it('answers 400 rather than crashing for an event with no body at all', async () => {
    const answer = await submit(apiEvent({ headers: { 'content-type': 'application/json' } }));

    expect(answer.statusCode).toBe(400);
    expect(answer.json.errors).toEqual([{ field: 'body', message: 'must be valid JSON' }]);
    expectNoAwsCallAtAll();
  });
});

describe('submit-application handler configuration', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('refuses to load without EVENT_BUS_NAME, naming the variable', async () => {
    vi.resetModules();
    vi.stubEnv(ENV.eventBusName, undefined);

    await expect(import('../../functions/submit-application/handler.ts')).rejects.toThrow(/EVENT_BUS_NAME/);
  });

  it('refuses to load without TABLE_NAME, naming the variable', async () => {
    vi.resetModules();
    vi.stubEnv(ENV.tableName, '   ');

    await expect(import('../../functions/submit-application/handler.ts')).rejects.toThrow(/TABLE_NAME/);
  });
});
