import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
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
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler as extensionsHandler } from '../../functions/facilitator-extensions/handler.ts';
import { handler as submitHandler } from '../../functions/submit-application/handler.ts';
import { applicantKeySchema } from '../../shared/extensions/schemas.ts';
import { resetClockSource, setClockSource } from '../../shared/platform/time/clock.ts';
import { validApplication } from '../fixtures/applications.ts';
import { apiEvent, lambdaContext, postApplication } from '../support/api-event.ts';
import { EVENT_BUS_NAME, TABLE_NAME } from '../support/handler-environment.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const eventBridge = mockClient(EventBridgeClient);

const FACILITATOR = {
  sub: 'facilitator-sub-1',
  email: 'facilitator@srsn.example.org',
  'cognito:groups': '[facilitators]',
};
const SDZ_CLOSES = '2022-09-10T05:00:00.000Z';
const GRANTED_AT = '2022-09-10T14:00:00.000Z';
const UNTIL = '2022-09-13T05:00:00.000Z';
const AFTER_ILDZ_CLOSES = '2022-09-20T05:00:00.000Z';
const SDZ_ID = 'sdz-2022-2023-0453ba3b856e';
const EXTENSION_KEY = { pk: 'EXTENSION#2022-2023#SDZ#district:096-104', sk: 'EXTENSION' };

function at(instant: string): void {
  setClockSource(() => new Date(instant));
}

function routeEvent(
  routeKey: string,
  options: { body?: unknown; query?: Record<string, string>; claims?: Record<string, string> } = {},
): APIGatewayProxyEventV2 {
  const [method, path] = routeKey.split(' ') as [string, string];
  const base = apiEvent({
    method,
    path,
    ...(options.body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(options.body) }),
  });
  return {
    ...base,
    ...(options.query ? { queryStringParameters: options.query } : {}),
    requestContext: {
      ...base.requestContext,
      authorizer: { jwt: { claims: options.claims ?? FACILITATOR, scopes: null } },
    } as APIGatewayProxyEventV2['requestContext'],
  };
}

async function grant(body: Record<string, unknown>) {
  const response = await extensionsHandler(
    routeEvent('POST /facilitator/extensions', { body }),
    lambdaContext('facilitator-extensions'),
  );
  return { statusCode: response.statusCode, json: JSON.parse(response.body) };
}

async function submit(body = validApplication('SDZ')) {
  const response = await submitHandler(postApplication(body), lambdaContext('submit-application'));
  return { statusCode: response.statusCode, json: JSON.parse(response.body) };
}

/** What DynamoDB returns after the grant update: the item with its history. */
function grantedItem(grants: Array<Record<string, unknown>>, applicantKey = 'district:096-104') {
  const last = grants.at(-1)!;
  return {
    pk: `EXTENSION#2022-2023#SDZ#${applicantKey}`,
    sk: 'EXTENSION',
    type: 'Extension',
    gsi1pk: 'EXTENSIONS#2022-2023#SDZ',
    gsi1sk: applicantKey,
    cohort: '2022-2023',
    zone: 'SDZ',
    applicantKey,
    note: null,
    ...last,
    grants,
  };
}

beforeEach(() => {
  ddb.reset();
  eventBridge.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(PutCommand).resolves({});
  ddb.on(DeleteCommand).resolves({});
  ddb.on(UpdateCommand).callsFake((input: { ExpressionAttributeValues: Record<string, any> }) => ({
    Attributes: grantedItem(
      input.ExpressionAttributeValues[':grant'],
      input.ExpressionAttributeValues[':applicantKey'],
    ),
  }));
  eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'event-1' }] });
  at(GRANTED_AT);
});

afterAll(() => {
  resetClockSource();
  ddb.restore();
  eventBridge.restore();
});

describe('POST /facilitator/extensions', () => {
  it('grants with one update that keeps who granted it and when, on the item and in its history', async () => {
    const response = await grant({
      cohort: '2022-2023',
      zone: 'SDZ',
      applicantKey: 'district:096-104',
      until: '2022-09-12T23:00:00-05:00',
      note: 'Board met late',
    });

    expect(response.statusCode).toBe(201);
    expect(ddb).toReceiveCommandTimes(UpdateCommand, 1);
    expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input).toStrictEqual({
      TableName: TABLE_NAME,
      Key: EXTENSION_KEY,
      UpdateExpression:
        'SET #type = :type, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk, cohort = :cohort, #zone = :zone, applicantKey = ' +
        ':applicantKey, #until = :until, grantedBy = :grantedBy, grantedAt = :grantedAt, #note = :note, grants = ' +
        'list_append(if_not_exists(grants, :none), :grant)',
      ExpressionAttributeNames: { '#type': 'type', '#zone': 'zone', '#until': 'until', '#note': 'note' },
      ExpressionAttributeValues: {
        ':type': 'Extension',
        ':gsi1pk': 'EXTENSIONS#2022-2023#SDZ',
        ':gsi1sk': 'district:096-104',
        ':cohort': '2022-2023',
        ':zone': 'SDZ',
        ':applicantKey': 'district:096-104',
        ':until': '2022-09-13T04:00:00.000Z',
        ':grantedBy': 'facilitator-sub-1',
        ':grantedAt': GRANTED_AT,
        ':note': 'Board met late',
        ':none': [],
        ':grant': [
          {
            until: '2022-09-13T04:00:00.000Z',
            grantedBy: 'facilitator-sub-1',
            grantedAt: GRANTED_AT,
            note: 'Board met late',
          },
        ],
      },
      ReturnValues: 'ALL_NEW',
    });
    expect(response.json).toMatchObject({
      applicantKey: 'district:096-104',
      until: '2022-09-13T04:00:00.000Z',
      closedAt: SDZ_CLOSES,
      grantedBy: 'facilitator-sub-1',
      grantedAt: GRANTED_AT,
    });
  });

  it('answers 200 when it replaces an earlier grant', async () => {
    const earlier = {
      until: '2022-09-12T05:00:00.000Z',
      grantedBy: 'facilitator-sub-2',
      grantedAt: '2022-09-10T13:00:00.000Z',
    };
    ddb.on(UpdateCommand).callsFake((input: { ExpressionAttributeValues: Record<string, any> }) => ({
      Attributes: grantedItem([earlier, ...input.ExpressionAttributeValues[':grant']]),
    }));

    const response = await grant({ cohort: '2022-2023', zone: 'SDZ', applicantKey: 'district:096-104', until: UNTIL });

    expect(response.statusCode).toBe(200);
    expect(response.json.until).toBe(UNTIL);
    expect(response.json.grants).toHaveLength(2);
  });

  it('normalizes applicant keys as submission computes them', async () => {
    const keys: string[] = [];
    for (const [zone, applicantKey] of [
      ['SDZ', 'District:096-104'],
      ['ILDZ', 'teacher:010-090:Pat.Lee@School.example.org'],
    ] as const) {
      const response = await grant({ cohort: '2022-2023', zone, applicantKey, until: AFTER_ILDZ_CLOSES });
      keys.push(response.json.applicantKey);
    }

    expect(keys).toEqual(['district:096-104', 'teacher:010-090:pat.lee@school.example.org']);
    // No organization's zone closes in this cohort, so the schema alone shows its normalization.
    expect(applicantKeySchema.parse('organization:  Show-Me Manufacturing   Partners ')).toBe(
      'organization:show me manufacturing partners',
    );
  });

  it('refuses the key of an applicant who can never apply to the zone, saying which kinds the zone takes', async () => {
    const organizationInSdz = await grant({
      cohort: '2022-2023',
      zone: 'SDZ',
      applicantKey: 'organization:Acme',
      until: UNTIL,
    });
    const schoolInSdz = await grant({
      cohort: '2022-2023',
      zone: 'SDZ',
      applicantKey: 'school:096-104:1050',
      until: UNTIL,
    });
    const organizationInIldz = await grant({
      cohort: '2022-2023',
      zone: 'ILDZ',
      applicantKey: 'organization:Acme',
      until: AFTER_ILDZ_CLOSES,
    });

    expect([organizationInSdz.statusCode, schoolInSdz.statusCode, organizationInIldz.statusCode]).toEqual([
      400, 400, 400,
    ]);
    expect(organizationInSdz.json.errors).toEqual([
      {
        field: 'applicantKey',
        message: 'names an organization, but the System Design Zone (SDZ) takes districts only',
      },
    ]);
    expect(schoolInSdz.json.errors).toEqual([
      { field: 'applicantKey', message: 'names a school, but the System Design Zone (SDZ) takes districts only' },
    ]);
    expect(organizationInIldz.json.errors).toEqual([
      {
        field: 'applicantKey',
        message:
          'names an organization, but the Innovative Learning Design Zone (ILDZ) takes districts, schools or ' +
          'teachers only',
      },
    ]);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('refuses an organization key that NFKD spells out beyond what a DynamoDB key holds, naming applicantKey', async () => {
    // 213 characters as typed; U+FDFA spells out as 18 letters and spaces, 33 bytes of UTF-8.
    const response = await grant({
      cohort: '2022-2023',
      zone: 'CNZ',
      applicantKey: `organization:${'\uFDFA'.repeat(200)}`,
      until: UNTIL,
    });

    expect(response.statusCode).toBe(400);
    expect(response.json.errors).toEqual([
      {
        field: 'applicantKey',
        message:
          'must be at most 1024 bytes once normalized (ligatures and other compatibility characters spelled out)',
      },
    ]);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('refuses an until that is not after the window closes, in the past, or without a time zone, naming the field', async () => {
    const atClose = await grant({
      cohort: '2022-2023',
      zone: 'SDZ',
      applicantKey: 'district:096-104',
      until: SDZ_CLOSES,
    });
    const noOffset = await grant({
      cohort: '2022-2023',
      zone: 'SDZ',
      applicantKey: 'district:096-104',
      until: '2022-09-13T05:00:00',
    });
    at('2022-09-14T00:00:00.000Z');
    const past = await grant({ cohort: '2022-2023', zone: 'SDZ', applicantKey: 'district:096-104', until: UNTIL });

    expect(atClose.json.errors).toEqual([
      {
        field: 'until',
        message:
          'must be after the System Design Zone (SDZ) window closes (2022-09-10T05:00:00.000Z, Saturday, September ' +
          '10, 2022 at 12:00 AM CDT)',
      },
    ]);
    expect(noOffset.json.errors).toEqual([
      { field: 'until', message: 'must be an ISO 8601 instant with a time zone, e.g. 2022-09-13T05:00:00Z' },
    ]);
    expect(past.json.errors).toEqual([
      { field: 'until', message: 'must be in the future (now is 2022-09-14T00:00:00.000Z)' },
    ]);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('refuses a zone without a closing date, a malformed applicant key and unknown fields', async () => {
    const cnz = await grant({
      cohort: '2022-2023',
      zone: 'CNZ',
      applicantKey: 'organization:show me manufacturing partners',
      until: UNTIL,
    });
    const badKey = await grant({ cohort: '2022-2023', zone: 'SDZ', applicantKey: 'Lindbergh Schools', until: UNTIL });
    const extra = await grant({
      cohort: '2022-2023',
      zone: 'SDZ',
      applicantKey: 'district:096-104',
      until: UNTIL,
      forever: true,
    });

    expect(cnz.json.errors).toEqual([
      {
        field: 'zone',
        message:
          'the Collaborative Network Zone (CNZ) window has no closing date in the 2022-2023 cohort, so it needs no ' +
          'extension',
      },
    ]);
    expect(badKey.json.errors[0]).toMatchObject({
      field: 'applicantKey',
      message: expect.stringContaining('district:096-104'),
    });
    expect(extra.json.errors).toEqual([{ field: 'forever', message: 'is not an allowed field' }]);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('answers 403 to a signed-in user outside the facilitators group', async () => {
    const response = await extensionsHandler(
      routeEvent('POST /facilitator/extensions', {
        body: { cohort: '2022-2023', zone: 'SDZ', applicantKey: 'district:096-104', until: UNTIL },
        claims: { sub: 'x', 'cognito:groups': '[]' },
      }),
      lambdaContext('facilitator-extensions'),
    );

    expect(response.statusCode).toBe(403);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('GET /facilitator/extensions', () => {
  it("lists a zone's extensions with a Query on the index partition of extensions", async () => {
    ddb
      .on(QueryCommand)
      .resolves({ Items: [grantedItem([{ until: UNTIL, grantedBy: 'facilitator-sub-1', grantedAt: GRANTED_AT }])] });

    const response = await extensionsHandler(
      routeEvent('GET /facilitator/extensions', { query: { cohort: '2022-2023', zone: 'SDZ' } }),
      lambdaContext('facilitator-extensions'),
    );

    expect(ddb).toReceiveCommandWith(QueryCommand, {
      TableName: TABLE_NAME,
      IndexName: 'byCohortZone',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': 'EXTENSIONS#2022-2023#SDZ' },
    });
    expect(JSON.parse(response.body)).toStrictEqual({
      cohort: '2022-2023',
      zone: 'SDZ',
      closedAt: SDZ_CLOSES,
      items: [
        {
          cohort: '2022-2023',
          zone: 'SDZ',
          applicantKey: 'district:096-104',
          until: UNTIL,
          closedAt: SDZ_CLOSES,
          grantedBy: 'facilitator-sub-1',
          grantedAt: GRANTED_AT,
          note: null,
          grants: [{ until: UNTIL, grantedBy: 'facilitator-sub-1', grantedAt: GRANTED_AT }],
        },
      ],
    });
  });
});

describe('POST /applications after the window closed', () => {
  const storedExtension = {
    Item: grantedItem([{ until: UNTIL, grantedBy: 'facilitator-sub-1', grantedAt: GRANTED_AT }]),
  };

  it('looks up the extension of exactly that applicant and zone, and without one answers 409 WindowClosed', async () => {
    at('2022-09-11T15:00:00.000Z');

    const response = await submit();

    expect(ddb).toReceiveCommandWith(GetCommand, { TableName: TABLE_NAME, Key: EXTENSION_KEY, ConsistentRead: true });
    expect(response.statusCode).toBe(409);
    expect(response.json).toStrictEqual({
      error: 'WindowClosed',
      message: 'Applications for the System Design Zone (SDZ) closed Saturday, September 10, 2022 at 12:00 AM CDT.',
      closedAt: SDZ_CLOSES,
    });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('accepts the applicant with an extension until it ends, and the audit trail says so', async () => {
    ddb.on(GetCommand, { Key: EXTENSION_KEY }).resolves(storedExtension);
    at('2022-09-13T04:59:59.999Z');

    const response = await submit();

    expect(response.statusCode).toBe(201);
    expect(response.json).toMatchObject({ applicationId: SDZ_ID, status: 'submitted' });
    expect(eventBridge).toReceiveCommandWith(PutEventsCommand, {
      Entries: [expect.objectContaining({ EventBusName: EVENT_BUS_NAME, DetailType: 'ApplicationSubmitted' })],
    });
    expect(ddb).toReceiveCommandWith(PutCommand, {
      Item: expect.objectContaining({
        action: 'submitted',
        actor: 'applicant',
        details: { zone: 'SDZ', cohort: '2022-2023', extension: { until: UNTIL, grantedBy: 'facilitator-sub-1' } },
      }),
    });
  });

  it('refuses from the instant the extension ends, saying when it ended', async () => {
    ddb.on(GetCommand, { Key: EXTENSION_KEY }).resolves(storedExtension);
    at(UNTIL);

    const response = await submit();

    expect(response.statusCode).toBe(409);
    expect(response.json).toStrictEqual({
      error: 'WindowClosed',
      message:
        'Applications for the System Design Zone (SDZ) closed Saturday, September 10, 2022 at 12:00 AM CDT. Your ' +
        'extension ended Tuesday, September 13, 2022 at 12:00 AM CDT.',
      closedAt: SDZ_CLOSES,
      extensionEndedAt: UNTIL,
    });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('does not help another applicant of the same zone', async () => {
    ddb.on(GetCommand, { Key: EXTENSION_KEY }).resolves(storedExtension);
    at('2022-09-11T15:00:00.000Z');
    const other = validApplication('SDZ');
    other.applicant.countyDistrictCode = '096-105';

    const response = await submit(other);

    expect(ddb).toReceiveCommandWith(GetCommand, {
      Key: { pk: 'EXTENSION#2022-2023#SDZ#district:096-105', sk: 'EXTENSION' },
    });
    expect(response.statusCode).toBe(409);
  });

  it('looks up no extension while the window is open', async () => {
    at('2022-09-09T15:00:00.000Z');

    expect((await submit()).statusCode).toBe(201);
    expect(
      ddb.commandCalls(GetCommand).filter((call) => String(call.args[0].input.Key?.pk).startsWith('EXTENSION#')),
    ).toHaveLength(0);
  });
});
