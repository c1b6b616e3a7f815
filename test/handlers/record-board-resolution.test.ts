import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/record-board-resolution/handler.ts';
import { ENV } from '../../shared/platform/config/env-names.ts';
import { resetClockSource, setClockSource } from '../../shared/platform/time/clock.ts';
import { type FixtureZone, validApplication } from '../fixtures/applications.ts';
import { apiEvent, lambdaContext } from '../support/api-event.ts';
import { TABLE_NAME } from '../support/handler-environment.ts';
import { takeLogs } from '../support/logs.ts';

const ddb = mockClient(DynamoDBDocumentClient);

const IDS: Record<FixtureZone, string> = {
  SDZ: 'sdz-2022-2023-0453ba3b856e',
  ILDZ: 'ildz-2022-2023-05f690608e04',
  CNZ: 'cnz-2022-2023-32d54695ed03',
};
const ROUTE = '/facilitator/applications/{applicationId}/board-resolution';
/** Friday, September 23, 2022, 10:30 AM CDT. */
const NOW = new Date('2022-09-23T15:30:00.000Z');
const SUBMITTED_AT = '2022-09-01T15:00:00.000Z';
const FACILITATOR = 'facilitator-sub-1';

const applicationKey = (id: string) => ({ pk: `APPLICATION#${id}`, sk: 'APPLICATION' });

const review = (decision: 'selected' | 'not_selected') => ({
  scores: { elements: { 1: 3, 2: 3, 3: 3, 4: 3, 5: 3, 6: 3, 7: 3, 8: 3 } },
  notes: '',
  decision,
  reviewedBy: 'facilitator-sub-2',
  reviewedAt: '2022-09-13T15:00:00.000Z',
});

/** The stored item of a fixture application, decided as given. */
function stored(zone: FixtureZone, overrides: Record<string, unknown> = {}) {
  const id = IDS[zone];
  return {
    ...applicationKey(id),
    gsi1pk: `COHORT#2022-2023#ZONE#${zone}`,
    gsi1sk: `STATUS#selected#${SUBMITTED_AT}#${id}`,
    type: 'Application',
    applicationId: id,
    cohort: '2022-2023',
    zone,
    applicantKey: 'district:096-104',
    status: 'selected',
    submittedAt: SUBMITTED_AT,
    application: validApplication(zone),
    requestHash: 'a'.repeat(64),
    version: 3,
    review: review('selected'),
    resultSent: { decision: 'selected', sentAt: '2022-09-15T14:00:00.000Z', corrections: 0 },
    ...overrides,
  };
}

function givenStored(item: Record<string, unknown>): void {
  ddb.on(GetCommand, { Key: applicationKey(item.applicationId as string) }).resolves({ Item: item });
}

const CLAIMS = { sub: FACILITATOR, email: 'facilitator@srsn.example.org', 'cognito:groups': '[facilitators]' };

function recordEvent(
  body: unknown,
  options: { id?: string; claims?: Record<string, string> | null; contentType?: string } = {},
): APIGatewayProxyEventV2 {
  const id = options.id ?? IDS.SDZ;
  const event = apiEvent({
    method: 'POST',
    path: ROUTE,
    headers: { 'content-type': options.contentType ?? 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const path = ROUTE.replace('{applicationId}', id);
  return {
    ...event,
    rawPath: path,
    pathParameters: { applicationId: id },
    requestContext: {
      ...event.requestContext,
      http: { ...event.requestContext.http, path },
      ...(options.claims === null ? {} : { authorizer: { jwt: { claims: options.claims ?? CLAIMS, scopes: null } } }),
    },
  } as APIGatewayProxyEventV2;
}

async function invoke(event: APIGatewayProxyEventV2): Promise<{ statusCode: number; body: any }> {
  const response = (await handler(event, lambdaContext('record-board-resolution'))) as {
    statusCode: number;
    body: string;
  };
  return { statusCode: response.statusCode, body: JSON.parse(response.body) };
}

const BODY = { expectedVersion: 3, adoptedOn: '2022-09-20', reference: 'Board minutes 2022-09-20, resolution 2022-41' };

function expectNoWrites(): void {
  expect(ddb).toReceiveCommandTimes(UpdateCommand, 0);
  expect(ddb).toReceiveCommandTimes(PutCommand, 0);
}

beforeEach(() => {
  ddb.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(PutCommand).resolves({});
  ddb.on(UpdateCommand).callsFake(async (input: { ExpressionAttributeValues: Record<string, unknown> }) => ({
    Attributes: { ...stored('SDZ'), version: 4, boardResolution: input.ExpressionAttributeValues[':boardResolution'] },
  }));
  setClockSource(() => new Date(NOW));
});

afterAll(() => {
  resetClockSource();
  ddb.restore();
});

describe('record-board-resolution: a selected SDZ district', () => {
  beforeEach(() => givenStored(stored('SDZ')));

  it('reads the application consistently, then sets boardResolution in one conditional update on the version read', async () => {
    const response = await invoke(recordEvent(BODY));

    expect(response.statusCode).toBe(200);
    expect(ddb).toReceiveCommandWith(GetCommand, {
      TableName: TABLE_NAME,
      Key: applicationKey(IDS.SDZ),
      ConsistentRead: true,
    });
    expect(ddb).toReceiveCommandTimes(UpdateCommand, 1);
    expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input).toStrictEqual({
      TableName: TABLE_NAME,
      Key: applicationKey(IDS.SDZ),
      UpdateExpression: 'SET #version = :next, #boardResolution = :boardResolution',
      ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
      ExpressionAttributeNames: { '#version': 'version', '#boardResolution': 'boardResolution' },
      ExpressionAttributeValues: {
        ':expected': 3,
        ':next': 4,
        ':boardResolution': {
          adoptedOn: '2022-09-20',
          reference: 'Board minutes 2022-09-20, resolution 2022-41',
          recordedBy: FACILITATOR,
          recordedAt: NOW.toISOString(),
        },
      },
      ReturnValues: 'ALL_NEW',
    });
  });

  it('writes an audit entry saying who recorded which resolution, when', async () => {
    await invoke(recordEvent(BODY));

    expect(ddb).toReceiveCommandTimes(PutCommand, 1);
    expect(ddb).toReceiveCommandWith(PutCommand, {
      TableName: TABLE_NAME,
      Item: {
        pk: `APPLICATION#${IDS.SDZ}`,
        sk: expect.stringMatching(/^AUDIT#2022-09-23T15:30:00\.000Z#\d{14}#\d{6}#[0-9a-f]{4}$/),
        type: 'AuditEntry',
        at: NOW.toISOString(),
        actor: FACILITATOR,
        action: 'board-resolution-recorded',
        details: { adoptedOn: '2022-09-20', reference: 'Board minutes 2022-09-20, resolution 2022-41', version: 4 },
      },
    });
  });

  it('answers 200 with the recorded resolution and the new version', async () => {
    const response = await invoke(recordEvent(BODY));

    expect(response.body).toStrictEqual({
      applicationId: IDS.SDZ,
      cohort: '2022-2023',
      zone: 'SDZ',
      status: 'selected',
      version: 4,
      boardResolution: {
        adoptedOn: '2022-09-20',
        reference: 'Board minutes 2022-09-20, resolution 2022-41',
        recordedBy: FACILITATOR,
        recordedAt: NOW.toISOString(),
      },
      alreadyRecorded: false,
    });
  });

  it('trims the reference and accepts a resolution adopted today (Central time) before it was notified', async () => {
    setClockSource(() => new Date('2022-09-24T04:30:00.000Z')); // 11:30 PM CDT on September 23

    const response = await invoke(
      recordEvent({
        ...BODY,
        adoptedOn: '2022-09-23',
        reference: '  https://lindbergh.example.org/board/2022-09-23.pdf  ',
      }),
    );

    expect(response.statusCode).toBe(200);
    expect(ddb).toReceiveCommandWith(UpdateCommand, {
      ExpressionAttributeValues: expect.objectContaining({
        ':boardResolution': expect.objectContaining({
          adoptedOn: '2022-09-23',
          reference: 'https://lindbergh.example.org/board/2022-09-23.pdf',
        }),
      }),
    });
  });

  it('answers 409 VersionConflict, writing nothing, when the body names a version other than the one stored', async () => {
    const response = await invoke(recordEvent({ ...BODY, expectedVersion: 2 }));

    expect(response).toStrictEqual({
      statusCode: 409,
      body: {
        error: 'VersionConflict',
        message: 'The application changed since you read it; read it again and retry.',
        currentVersion: 3,
      },
    });
    expectNoWrites();
  });

  it('answers 409 VersionConflict with the current version, and writes no audit entry, when another change wins the race', async () => {
    ddb
      .on(UpdateCommand)
      .rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));
    ddb
      .on(GetCommand, { Key: applicationKey(IDS.SDZ) })
      .resolvesOnce({ Item: stored('SDZ') })
      .resolves({ Item: stored('SDZ', { version: 4 }) });

    const response = await invoke(recordEvent(BODY));

    expect(response.statusCode).toBe(409);
    expect(response.body).toMatchObject({ error: 'VersionConflict', currentVersion: 4 });
    expect(ddb).toReceiveCommandTimes(PutCommand, 0);
  });

  it('answers 500 without details when DynamoDB fails unexpectedly', async () => {
    ddb.on(UpdateCommand).rejects(new Error('socket hang up'));

    const response = await invoke(recordEvent(BODY));

    expect(response).toStrictEqual({
      statusCode: 500,
      body: { error: 'InternalError', message: 'Something went wrong on our side; please retry.' },
    });
    expect(ddb).toReceiveCommandTimes(PutCommand, 0);
    expect(takeLogs()).toMatchObject([
      { level: 'ERROR', message: 'Unhandled error while serving a request', error: { message: 'socket hang up' } },
    ]);
  });
});

describe('record-board-resolution: recorded once', () => {
  const recorded = {
    adoptedOn: '2022-09-20',
    reference: 'Board minutes 2022-09-20, resolution 2022-41',
    recordedBy: 'facilitator-sub-2',
    recordedAt: '2022-09-21T15:00:00.000Z',
  };
  beforeEach(() => givenStored(stored('SDZ', { version: 4, boardResolution: recorded })));

  it('answers 200 alreadyRecorded and writes nothing when the same resolution is recorded again, whatever version it names', async () => {
    const response = await invoke(recordEvent({ ...BODY, expectedVersion: 3 }));

    expect(response.statusCode).toBe(200);
    expect(response.body).toMatchObject({ version: 4, boardResolution: recorded, alreadyRecorded: true });
    expectNoWrites();
  });

  it('answers 409 BoardResolutionAlreadyRecorded with the recorded one, writing nothing, for a different resolution', async () => {
    const response = await invoke(recordEvent({ ...BODY, expectedVersion: 4, adoptedOn: '2022-09-21' }));

    expect(response).toStrictEqual({
      statusCode: 409,
      body: {
        error: 'BoardResolutionAlreadyRecorded',
        message: `A board resolution adopted on 2022-09-20 is already recorded for ${IDS.SDZ}.`,
        boardResolution: recorded,
      },
    });
    expectNoWrites();
  });
});

describe('record-board-resolution: only for selected SDZ districts', () => {
  it('answers 409 NotSystemDesignZone for an ILDZ application, writing nothing', async () => {
    givenStored(stored('ILDZ'));

    const response = await invoke(recordEvent(BODY, { id: IDS.ILDZ }));

    expect(response).toStrictEqual({
      statusCode: 409,
      body: {
        error: 'NotSystemDesignZone',
        message:
          `A board resolution is recorded only for a System Design Zone (SDZ) application; ${IDS.ILDZ} is a ` +
          `ILDZ application.`,
      },
    });
    expectNoWrites();
  });

  it('answers 409 NotSelected for an SDZ district not selected', async () => {
    givenStored(stored('SDZ', { status: 'not_selected', review: review('not_selected') }));

    const response = await invoke(recordEvent(BODY));

    expect(response).toStrictEqual({
      statusCode: 409,
      body: {
        error: 'NotSelected',
        message:
          `A board resolution is recorded only for a district selected for the System Design Zone (SDZ); the ` +
          `decision on ${IDS.SDZ} is not_selected.`,
        decision: 'not_selected',
      },
    });
    expectNoWrites();
  });

  it('answers 409 NotSelected for an SDZ application not decided yet', async () => {
    const { review: _review, resultSent: _sent, ...undecided } = stored('SDZ', { status: 'submitted' });
    givenStored(undecided);

    const response = await invoke(recordEvent(BODY));

    expect(response.statusCode).toBe(409);
    expect(response.body).toMatchObject({
      error: 'NotSelected',
      decision: null,
      message: expect.stringContaining('is none yet'),
    });
    expectNoWrites();
  });

  it('answers 404 for an unknown application', async () => {
    const response = await invoke(recordEvent(BODY));

    expect(response).toStrictEqual({
      statusCode: 404,
      body: { error: 'NotFound', message: `No application ${IDS.SDZ}.` },
    });
    expectNoWrites();
  });
});

describe('record-board-resolution: bad input names the field and stores nothing', () => {
  beforeEach(() => givenStored(stored('SDZ')));

  it('names every missing field', async () => {
    const response = await invoke(recordEvent({}));

    expect(response.statusCode).toBe(400);
    expect(response.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'expectedVersion', message: 'is required' },
        { field: 'adoptedOn', message: 'is required' },
        { field: 'reference', message: 'is required' },
      ]),
    );
    expectNoWrites();
  });

  it.each([
    ['an impossible date', { adoptedOn: '2022-02-30' }, 'adoptedOn', 'must be a date YYYY-MM-DD'],
    ['a date with a time', { adoptedOn: '2022-09-20T10:00:00Z' }, 'adoptedOn', 'must be a date YYYY-MM-DD'],
    [
      'a date after today in Central time',
      { adoptedOn: '2022-09-24' },
      'adoptedOn',
      'must not be after today (2022-09-23, America/Chicago)',
    ],
    [
      'a reference with CR/LF',
      { reference: 'Minutes\r\nBcc: x@example.org' },
      'reference',
      'must be a single line without control characters (CR/LF refused)',
    ],
    ['a blank reference', { reference: '   ' }, 'reference', 'must not be empty'],
    ['a reference over 500 characters', { reference: 'x'.repeat(501) }, 'reference', 'must be at most 500 characters'],
    ['a version that is not a positive integer', { expectedVersion: 0 }, 'expectedVersion', expect.any(String)],
    ['an unknown field', { recordedBy: 'someone-else' }, 'recordedBy', 'is not an allowed field'],
  ])('refuses %s', async (_label, change, field, message) => {
    const response = await invoke(recordEvent({ ...BODY, ...change }));

    expect(response.statusCode).toBe(400);
    expect(response.body.errors).toContainEqual({ field, message });
    expectNoWrites();
  });

  it('answers 415 for a body that is not JSON, and 400 naming path.applicationId for a malformed id', async () => {
    expect((await invoke(recordEvent(BODY, { contentType: 'text/plain' }))).statusCode).toBe(415);

    const malformed = await invoke(recordEvent(BODY, { id: 'APPLICATION#x' }));
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body.errors[0].field).toBe('path.applicationId');
    expect(ddb.calls()).toHaveLength(1); // the 415 request's read; the malformed id reads nothing
  });
});

describe('record-board-resolution: who may record', () => {
  beforeEach(() => givenStored(stored('SDZ')));

  it('answers 403 to a signed-in user outside the facilitators group, touching nothing', async () => {
    const response = await invoke(recordEvent(BODY, { claims: { sub: 'applicant-1', 'cognito:groups': '[]' } }));

    expect(response.statusCode).toBe(403);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('answers 401 when the request arrives without claims', async () => {
    const response = await invoke(recordEvent(BODY, { claims: null }));

    expect(response.statusCode).toBe(401);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('record-board-resolution handler configuration', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('refuses to load without TABLE_NAME, naming the variable', async () => {
    vi.resetModules();
    vi.stubEnv(ENV.tableName, undefined);

    await expect(import('../../functions/record-board-resolution/handler.ts')).rejects.toThrow(
      `Missing required environment variable ${ENV.tableName}`,
    );
  });
});
