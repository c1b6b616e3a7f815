import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../functions/facilitator-invitees/handler.ts';
import { applicationSchema } from '../../shared/applications/schemas.ts';
import { applicantKey } from '../../shared/domain/applicant.ts';
import { parseInviteeCsv } from '../../shared/invitations/csv.ts';
import { inviteeApplicantKey } from '../../shared/invitations/model.ts';
import { resetClockSource, setClockSource } from '../../shared/platform/time/clock.ts';
import { validApplication } from '../fixtures/applications.ts';
import { apiEvent, lambdaContext } from '../support/api-event.ts';
import { EVENT_BUS_NAME, TABLE_NAME } from '../support/handler-environment.ts';
import { takeLogs } from '../support/logs.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const eventBridge = mockClient(EventBridgeClient);

const FACILITATOR = {
  sub: 'facilitator-sub-1',
  email: 'facilitator@srsn.example.org',
  'cognito:groups': '[facilitators]',
};
const BEFORE_INVITATIONS = '2022-08-15T15:00:00.000Z';
const AFTER_INVITATIONS = '2022-08-22T15:30:00.000Z';
const HEADER = 'kind,organization,county_district_code,contact_name,contact_email,zone_interest';
const PARTITION = 'INVITEE#2022-2023';
const INVITEES_QUERY = {
  TableName: TABLE_NAME,
  KeyConditionExpression: 'pk = :pk AND begins_with(sk, :invitee)',
  ExpressionAttributeValues: { ':pk': PARTITION, ':invitee': 'INVITEE#' },
  ConsistentRead: true,
};

function at(instant: string): void {
  setClockSource(() => new Date(instant));
}

function csvEvent(
  body: string | undefined,
  options: {
    contentType?: string;
    query?: Record<string, string>;
    claims?: Record<string, string> | null;
    base64?: boolean;
  } = {},
): APIGatewayProxyEventV2 {
  const base = apiEvent({
    method: 'POST',
    path: '/facilitator/invitees',
    headers: { 'content-type': options.contentType ?? 'text/csv' },
    ...(body === undefined
      ? {}
      : {
          body: options.base64 ? Buffer.from(body).toString('base64') : body,
          isBase64Encoded: options.base64 ?? false,
        }),
  });
  return {
    ...base,
    queryStringParameters: options.query ?? { cohort: '2022-2023' },
    requestContext: {
      ...base.requestContext,
      ...(options.claims === null
        ? {}
        : { authorizer: { jwt: { claims: options.claims ?? FACILITATOR, scopes: null } } }),
    } as APIGatewayProxyEventV2['requestContext'],
  };
}

function listEvent(query: Record<string, string>): APIGatewayProxyEventV2 {
  const base = apiEvent({ method: 'GET', path: '/facilitator/invitees' });
  return {
    ...base,
    queryStringParameters: query,
    requestContext: {
      ...base.requestContext,
      authorizer: { jwt: { claims: FACILITATOR, scopes: null } },
    } as APIGatewayProxyEventV2['requestContext'],
  };
}

async function call(event: APIGatewayProxyEventV2) {
  const response = await handler(event, lambdaContext('facilitator-invitees'));
  return { statusCode: response.statusCode, json: JSON.parse(response.body) };
}

/** The invitee item as stored by the first import of `at`. */
function storedDistrict(code: string, name: string, email: string, extra: Record<string, unknown> = {}) {
  return {
    pk: PARTITION,
    sk: `INVITEE#district-${code}`,
    type: 'Invitee',
    cohort: '2022-2023',
    inviteeId: `district-${code}`,
    applicantKey: `district:${code}`,
    kind: 'district',
    organization: name,
    countyDistrictCode: code,
    contactName: 'Dana Whitfield',
    contactEmail: email,
    zoneInterest: [],
    importedAt: BEFORE_INVITATIONS,
    importedBy: 'facilitator-sub-1',
    updatedAt: BEFORE_INVITATIONS,
    updatedBy: 'facilitator-sub-1',
    ...extra,
  };
}

function expectNothingWritten(): void {
  expect(ddb).not.toHaveReceivedCommand(BatchWriteCommand);
  expect(ddb).not.toHaveReceivedCommand(PutCommand);
  expect(eventBridge).not.toHaveReceivedCommand(PutEventsCommand);
}

beforeEach(() => {
  ddb.reset();
  eventBridge.reset();
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(BatchWriteCommand).resolves({});
  ddb.on(PutCommand).resolves({});
  eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'event-1' }] });
  at(BEFORE_INVITATIONS);
});

afterAll(() => {
  resetClockSource();
  ddb.restore();
  eventBridge.restore();
});

describe('POST /facilitator/invitees: what is refused, with nothing written', () => {
  it('lists every invalid row by row number and column, and writes nothing', async () => {
    const csv = [
      HEADER,
      'district,Lindbergh Schools,096-104,Dana Whitfield,dana@lindbergh.example.org,',
      'district,Prairie R-IV,,Sam Ortega,not-an-email,SDZ',
      'partner,,096-104,Avery Stone,avery@umsystem.example.edu,ILDZ',
      ',Oak Grove,010-011,,lee@oak.example.org,CNZ',
      'district,"Line\nbreak",010-012,Lee Kim,lee@oakgrove.example.org,XYZ',
    ].join('\r\n');

    const { statusCode, json } = await call(csvEvent(csv));

    expect(statusCode).toBe(400);
    expect(json).toEqual({
      error: 'ValidationError',
      message: 'The file has 9 problems; nothing was imported.',
      errorCount: 9,
      errors: [
        { row: 3, column: 'contact_email', field: 'row 3, contact_email', message: 'must be an email address' },
        {
          row: 3,
          column: 'county_district_code',
          field: 'row 3, county_district_code',
          message: 'is required for a district',
        },
        { row: 4, column: 'organization', field: 'row 4, organization', message: 'is required' },
        {
          row: 4,
          column: 'county_district_code',
          field: 'row 4, county_district_code',
          message: 'must be empty for a partner',
        },
        {
          row: 4,
          column: 'zone_interest',
          field: 'row 4, zone_interest',
          message: 'must name zones open to a partner: CNZ',
        },
        { row: 5, column: 'kind', field: 'row 5, kind', message: 'is required' },
        { row: 5, column: 'contact_name', field: 'row 5, contact_name', message: 'is required' },
        {
          row: 6,
          column: 'organization',
          field: 'row 6, organization',
          message: 'must be a single line without control characters (CR/LF refused)',
        },
        {
          row: 6,
          column: 'zone_interest',
          field: 'row 6, zone_interest',
          message: 'must name zones open to a district: SDZ, ILDZ (separated by ;)',
        },
      ],
    });
    expectNothingWritten();
    expect(ddb).not.toHaveReceivedCommand(QueryCommand);
  });

  it('refuses a district or a partner twice in one file, naming the first row', async () => {
    const csv = [
      HEADER,
      'district,Lindbergh Schools,096-104,Dana Whitfield,dana@lindbergh.example.org,',
      'partner,University of Missouri,,Avery Stone,avery@umsystem.example.edu,',
      'district,Lindbergh School District,096-104,Pat Doe,pat@lindbergh.example.org,',
      'partner,UNIVERSITY OF MISSOURI!,,Blake Reed,blake@umsystem.example.edu,',
    ].join('\n');

    const { statusCode, json } = await call(csvEvent(csv));

    expect(statusCode).toBe(400);
    expect(json.errors).toEqual([
      {
        row: 4,
        column: 'county_district_code',
        field: 'row 4, county_district_code',
        message: '096-104 is already on row 2: each district once per file',
      },
      {
        row: 5,
        column: 'organization',
        field: 'row 5, organization',
        message: 'names the same organization as row 3: each partner once per file',
      },
    ]);
    expectNothingWritten();
  });

  it('refuses an organization name without a letter or digit, which would give every such partner the same id', async () => {
    const csv = [
      HEADER,
      'partner,!!!,,Avery Stone,avery@umsystem.example.edu,',
      'partner,???,,Blake Reed,blake@kauffman.example.org,',
    ].join('\n');

    const { statusCode, json } = await call(csvEvent(csv));

    expect(statusCode).toBe(400);
    expect(json.errors).toEqual([
      { row: 2, column: 'organization', field: 'row 2, organization', message: 'must contain a letter or digit' },
      { row: 3, column: 'organization', field: 'row 3, organization', message: 'must contain a letter or digit' },
    ]);
    expectNothingWritten();
  });

  it('refuses unknown, repeated and missing columns in the header row', async () => {
    const { statusCode, json } = await call(
      csvEvent('Kind,Organization,Email,kind\ndistrict,Lindbergh Schools,dana@lindbergh.example.org,district\n'),
    );

    expect(statusCode).toBe(400);
    expect(json.errors).toEqual([
      {
        row: 1,
        column: 'email',
        field: 'row 1, email',
        message:
          'is not a known column (the columns are kind, organization, county_district_code, contact_name, ' +
          'contact_email, zone_interest)',
      },
      { row: 1, column: 'kind', field: 'row 1, kind', message: 'is named twice' },
      { row: 1, column: 'contact_name', field: 'row 1, contact_name', message: 'the column is missing' },
      { row: 1, column: 'contact_email', field: 'row 1, contact_email', message: 'the column is missing' },
    ]);
    expectNothingWritten();
  });

  it('refuses a row with more values than columns, a broken quote, an empty file and a header without rows', async () => {
    const cases: Array<[string, unknown]> = [
      [
        `${HEADER}\ndistrict,Lindbergh Schools,096-104,Dana Whitfield,dana@lindbergh.example.org,,extra\n`,
        [{ row: 2, field: 'row 2', message: 'has 7 values but the header names 6 columns' }],
      ],
      [
        `${HEADER}\ndistrict,"Lindbergh Schools,096-104,Dana Whitfield,dana@lindbergh.example.org,\n`,
        [{ field: 'body', message: 'is not valid CSV at line 2: a quoted value is not closed' }],
      ],
      [
        '',
        [
          {
            field: 'body',
            message:
              'must be a CSV file whose first row names the columns: kind, organization, county_district_code, ' +
              'contact_name, contact_email, zone_interest',
          },
        ],
      ],
      [`${HEADER}\n,,,,,\n\n`, [{ field: 'body', message: 'has no data rows below the header' }]],
    ];
    for (const [csv, errors] of cases) {
      const { statusCode, json } = await call(csvEvent(csv));
      expect(statusCode, csv).toBe(400);
      expect(json.errors, csv).toEqual(errors);
    }
    expectNothingWritten();
  });

  it('answers 415 for another content type, 413 over 1 MiB, 400 for a body that is not UTF-8 and for a missing cohort', async () => {
    expect((await call(csvEvent(`${HEADER}\n`, { contentType: 'application/json' }))).statusCode).toBe(415);
    const big = await call(csvEvent(`${HEADER}\n${'x'.repeat(1024 * 1024)}`));
    expect(big).toEqual({
      statusCode: 413,
      json: {
        error: 'PayloadTooLarge',
        message: 'The file must be at most 1048576 bytes; split it into several imports.',
        maxBytes: 1048576,
      },
    });
    const latin1 = apiEvent({
      method: 'POST',
      path: '/facilitator/invitees',
      headers: { 'content-type': 'text/csv' },
      body: Buffer.from(`${HEADER}\ndistrict,Saint-Genevi\u00e8ve,`, 'latin1').toString('base64'),
      isBase64Encoded: true,
    });
    const notUtf8 = await call({ ...csvEvent(''), body: latin1.body!, isBase64Encoded: true });
    expect(notUtf8.statusCode).toBe(400);
    expect(notUtf8.json.errors).toEqual([{ field: 'body', message: 'must be UTF-8 text (save the CSV as UTF-8)' }]);
    const noCohort = await call(csvEvent(`${HEADER}\n`, { query: {} }));
    expect(noCohort.statusCode).toBe(400);
    expect(noCohort.json.errors).toEqual([{ field: 'query.cohort', message: 'is required' }]);
    expectNothingWritten();
  });

  it('answers 401 without claims and 403 to a signed-in user who is not a facilitator', async () => {
    expect((await call(csvEvent(`${HEADER}\n`, { claims: null }))).statusCode).toBe(401);
    expect(
      (await call(csvEvent(`${HEADER}\n`, { claims: { sub: 'applicant-1', 'cognito:groups': '[applicants]' } })))
        .statusCode,
    ).toBe(403);
    expectNothingWritten();
  });
});

describe('POST /facilitator/invitees: a valid file', () => {
  it('reads the cohort consistently, writes the invitees in batches of 25 and records the import; no invitation before the date', async () => {
    const rows = Array.from(
      { length: 30 },
      (_, index) =>
        `district,District ${index},${String(100 + index)}-001,Contact ` +
        `${index},Contact${index}@District${index}.example.org,`,
    );
    const csv =
      `\ufeff${HEADER}\r\n${rows.join('\r\n')}\r\n` +
      `partner,"Kauffman ""Real World Learning"", Partners",,Casey Lin,casey.lin@kauffman.example.org,cnz\r\n\r\n`;

    const { statusCode, json } = await call(csvEvent(csv, { base64: true }));

    expect(statusCode).toBe(200);
    expect(json).toEqual({
      cohort: '2022-2023',
      importId: expect.stringMatching(/^[0-9a-f]{16}$/),
      rows: 31,
      created: 31,
      updated: 0,
      unchanged: 0,
      blankRows: 1,
      invitations: { dueAt: '2022-08-19T13:00:00.000Z', status: 'scheduled' },
    });
    expect(ddb).toReceiveCommandWith(QueryCommand, INVITEES_QUERY);
    const batches = ddb.commandCalls(BatchWriteCommand).map((entry) => entry.args[0].input.RequestItems![TABLE_NAME]!);
    expect(batches.map((batch) => batch.length)).toEqual([25, 6]);
    expect(batches[0]![0]).toEqual({
      PutRequest: {
        Item: {
          pk: PARTITION,
          sk: 'INVITEE#district-100-001',
          type: 'Invitee',
          cohort: '2022-2023',
          inviteeId: 'district-100-001',
          applicantKey: 'district:100-001',
          kind: 'district',
          organization: 'District 0',
          countyDistrictCode: '100-001',
          contactName: 'Contact 0',
          contactEmail: 'contact0@district0.example.org',
          zoneInterest: [],
          importedAt: BEFORE_INVITATIONS,
          importedBy: 'facilitator-sub-1',
          updatedAt: BEFORE_INVITATIONS,
          updatedBy: 'facilitator-sub-1',
        },
      },
    });
    expect(batches[1]![5]!.PutRequest!.Item).toMatchObject({
      sk: expect.stringMatching(/^INVITEE#partner-[0-9a-f]{12}$/),
      kind: 'partner',
      organization: 'Kauffman "Real World Learning", Partners',
      applicantKey: 'organization:kauffman real world learning partners',
      zoneInterest: ['CNZ'],
    });
    expect(batches[1]![5]!.PutRequest!.Item).not.toHaveProperty('countyDistrictCode');
    expect(ddb).toReceiveCommandWith(PutCommand, {
      TableName: TABLE_NAME,
      Item: {
        pk: PARTITION,
        sk: `IMPORT#${BEFORE_INVITATIONS}#${json.importId}`,
        type: 'InviteeImport',
        cohort: '2022-2023',
        importId: json.importId,
        importedAt: BEFORE_INVITATIONS,
        importedBy: 'facilitator-sub-1',
        rows: 31,
        created: 31,
        updated: 0,
        unchanged: 0,
      },
    });
    expect(eventBridge).not.toHaveReceivedCommand(PutEventsCommand);
  });

  it('writes nothing when the same invitees are imported again, and only the changed one otherwise, keeping when it was first imported', async () => {
    ddb.on(QueryCommand).resolves({
      Items: [
        storedDistrict('096-104', 'Lindbergh Schools', 'dana@lindbergh.example.org'),
        storedDistrict('010-090', 'Prairie R-IV', 'dana@prairie.example.org'),
      ],
    });
    at('2022-08-16T15:00:00.000Z');
    const same =
      `${HEADER}\ndistrict,Lindbergh Schools,096-104,Dana Whitfield,dana@lindbergh.example.org,\n` +
      `district,Prairie R-IV,010-090,Dana Whitfield,DANA@prairie.example.org,\n`;

    const again = await call(csvEvent(same));
    expect(again.json).toMatchObject({ rows: 2, created: 0, updated: 0, unchanged: 2 });
    expectNothingWritten();

    const changed = await call(csvEvent(same.replace('DANA@prairie.example.org', 'sam.ortega@prairie.example.org')));
    expect(changed.json).toMatchObject({ rows: 2, created: 0, updated: 1, unchanged: 1 });
    expect(ddb).toReceiveCommandWith(BatchWriteCommand, {
      RequestItems: {
        [TABLE_NAME]: [
          {
            PutRequest: {
              Item: storedDistrict('010-090', 'Prairie R-IV', 'sam.ortega@prairie.example.org', {
                updatedAt: '2022-08-16T15:00:00.000Z',
              }),
            },
          },
        ],
      },
    });
  });

  it('retries what BatchWriteItem left unprocessed', async () => {
    const unprocessed = { PutRequest: { Item: { pk: PARTITION, sk: 'INVITEE#district-096-104' } } };
    ddb
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { [TABLE_NAME]: [unprocessed] } })
      .resolves({});

    const { statusCode } = await call(
      csvEvent(`${HEADER}\ndistrict,Lindbergh Schools,096-104,Dana Whitfield,dana@lindbergh.example.org,\n`),
    );

    expect(statusCode).toBe(200);
    expect(ddb).toReceiveCommandTimes(BatchWriteCommand, 2);
    expect(ddb.commandCalls(BatchWriteCommand)[1]!.args[0].input).toEqual({
      RequestItems: { [TABLE_NAME]: [unprocessed] },
    });
  });

  it('after the invitation date, publishes InviteesImported so the invitees never invited get the invitation now', async () => {
    at(AFTER_INVITATIONS);

    const { json } = await call(
      csvEvent(`${HEADER}\ndistrict,Lindbergh Schools,096-104,Dana Whitfield,dana@lindbergh.example.org,\n`),
    );

    expect(json.invitations).toEqual({ dueAt: '2022-08-19T13:00:00.000Z', status: 'sending' });
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 1);
    expect(eventBridge).toReceiveCommandWith(PutEventsCommand, {
      Entries: [
        {
          EventBusName: EVENT_BUS_NAME,
          Source: 'srsn.innovation-zones',
          DetailType: 'InviteesImported',
          Detail: JSON.stringify({
            cohort: '2022-2023',
            importId: json.importId,
            importedAt: AFTER_INVITATIONS,
            rows: 1,
          }),
          Time: new Date(AFTER_INVITATIONS),
        },
      ],
    });
  });
});

describe('POST /facilitator/invitees: after the windows closed', () => {
  const districts =
    `${HEADER}\ndistrict,Lindbergh Schools,096-104,Dana Whitfield,dana@lindbergh.example.org,\n` +
    `district,Prairie R-IV,010-090,Sam Ortega,sam@prairie.example.org,ILDZ\n` +
    `partner,University of Missouri,,Avery Stone,avery@umsystem.example.edu,CNZ\n`;

  it('refuses the whole file when a row would be invited only to closed windows, naming the cohort, zones and due dates', async () => {
    // Both windows closed; the cohort runs on (its sessions last until June 2023).
    at('2022-12-07T15:00:00.000Z');

    const { statusCode, json } = await call(csvEvent(districts));

    expect(statusCode).toBe(409);
    expect(json).toEqual({
      error: 'WindowsClosed',
      message:
        'Applications to 2022-2023 closed on 2022-09-09 (SDZ) and 2022-09-16 (ILDZ): 2 rows of the file (see rows) ' +
        'would be invited only to closed windows, so nothing was imported. Import them into the next cohort.',
      cohort: '2022-2023',
      closedZones: [
        { zone: 'SDZ', due: '2022-09-09' },
        { zone: 'ILDZ', due: '2022-09-16' },
      ],
      rowCount: 2,
      rows: [2, 3],
    });
    expect(ddb).not.toHaveReceivedCommand(QueryCommand);
    expectNothingWritten();
  });

  it('refuses a district interested only in a zone that closed while another is open, and imports the rest', async () => {
    at('2022-09-12T15:00:00.000Z');
    const sdzOnly = `${HEADER}\ndistrict,Harrison C-1,030-030,Pat Moore,pat@harrison.example.org,SDZ\n`;

    const refused = await call(csvEvent(sdzOnly));

    expect(refused.statusCode).toBe(409);
    expect(refused.json).toMatchObject({
      message:
        'Applications to 2022-2023 closed on 2022-09-09 (SDZ): 1 row of the file (see rows) would be invited only ' +
        'to closed windows, so nothing was imported. Import it into the next cohort.',
      closedZones: [{ zone: 'SDZ', due: '2022-09-09' }],
      rows: [2],
    });
    expectNothingWritten();

    // The ILDZ is open until the end of 2022-09-16 and the CNZ has no due date: those are invited.
    const { statusCode, json } = await call(csvEvent(districts));
    expect(statusCode).toBe(200);
    expect(json).toMatchObject({ created: 3, invitations: { status: 'sending' } });
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 1);
  });

  it('imports partners while the cohort runs: the CNZ window of 2022-2023 never closes', async () => {
    at('2022-12-07T15:00:00.000Z');

    const { statusCode, json } = await call(
      csvEvent(`${HEADER}\npartner,University of Missouri,,Avery Stone,avery@umsystem.example.edu,\n`),
    );

    expect(statusCode).toBe(200);
    expect(json).toMatchObject({ created: 1, invitations: { status: 'sending' } });
  });

  it('refuses every file once the last monthly session is over, partners too, naming the cohort and its end', async () => {
    const partners = `${HEADER}\npartner,University of Missouri,,Avery Stone,avery@umsystem.example.edu,\n`;
    const refusal = {
      error: 'CohortEnded',
      message:
        'The 2022-2023 cohort has ended (its last monthly session was on 2023-06-14), so no one is invited to it ' +
        'and nothing was imported. Import the file into a cohort still running.',
      cohort: '2022-2023',
      endedOn: '2023-06-14',
    };

    for (const [now, file] of [
      ['2026-12-07T15:00:00.000Z', partners],
      ['2026-12-07T15:00:00.000Z', districts],
      // The session of 2023-06-14 ends at 12:00 PM CDT.
      ['2023-06-14T17:00:00.000Z', partners],
    ] as const) {
      at(now);
      const { statusCode, json } = await call(csvEvent(file));
      expect(statusCode).toBe(409);
      expect(json).toEqual(refusal);
    }
    expect(ddb).not.toHaveReceivedCommand(QueryCommand);
    expectNothingWritten();

    // During that last session the cohort still runs.
    at('2023-06-14T16:59:59.999Z');
    expect((await call(csvEvent(partners))).statusCode).toBe(200);
  });
});

describe('POST /facilitator/invitees: a failed write is undone', () => {
  /** 55 districts, 53 new and 2 already stored with another email (rows 0 and 30): batches of 25, 25 and 5. */
  const codeOf = (index: number) => `${String(100 + index)}-001`;
  const STORED = [0, 30].map((index) =>
    storedDistrict(codeOf(index), `District ${index}`, `old${index}@district${index}.example.org`),
  );
  const ROWS = Array.from(
    { length: 55 },
    (_, index) =>
      `district,District ${index},${codeOf(index)},Dana Whitfield,new${index}@district${index}.example.org,`,
  );
  const CSV = `${HEADER}\n${ROWS.join('\n')}\n`;
  /**
   * The compensation of the first two batches (the failed one may be partly written): delete the created, put back the
   * stored.
   */
  const UNDO = Array.from({ length: 50 }, (_, index) => {
    const stored = STORED.find((item) => item.inviteeId === `district-${codeOf(index)}`);
    return stored
      ? { PutRequest: { Item: stored } }
      : { DeleteRequest: { Key: { pk: PARTITION, sk: `INVITEE#district-${codeOf(index)}` } } };
  });
  const batchesSent = () =>
    ddb.commandCalls(BatchWriteCommand).map((entry) => entry.args[0].input.RequestItems![TABLE_NAME]!);

  beforeEach(() => {
    ddb.on(QueryCommand).resolves({ Items: STORED });
    at(AFTER_INVITATIONS);
  });

  it('deletes the invitees it created and puts back those it updated, answers 503, and the same file then imports', async () => {
    ddb.on(BatchWriteCommand).resolvesOnce({}).rejectsOnce(new Error('socket timed out')).resolves({});

    const failed = await call(csvEvent(CSV));

    expect(failed).toEqual({
      statusCode: 503,
      json: {
        error: 'ImportFailed',
        message: 'The import could not be written, so nothing was imported. Send the same file again.',
        cohort: '2022-2023',
        importId: expect.stringMatching(/^[0-9a-f]{16}$/),
      },
    });
    const sent = batchesSent();
    expect(sent.map((batch) => batch.length)).toEqual([25, 25, 25, 25]);
    expect(
      sent
        .slice(0, 2)
        .flat()
        .map((request) => request.PutRequest!.Item!.sk),
    ).toEqual(UNDO.map((_, index) => `INVITEE#district-${codeOf(index)}`));
    expect(sent[2]).toEqual(UNDO.slice(0, 25));
    expect(sent[3]).toEqual(UNDO.slice(25, 50));
    expect(sent[2]![0]).toEqual({ PutRequest: { Item: STORED[0] } });
    expect(sent[3]![5]).toEqual({ PutRequest: { Item: STORED[1] } });
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
    expect(eventBridge).not.toHaveReceivedCommand(PutEventsCommand);

    // (The mock's call history is kept: resetting it would replay the failure set up above.)
    const retried = await call(csvEvent(CSV));

    expect(retried.statusCode).toBe(200);
    expect(retried.json).toMatchObject({
      importId: failed.json.importId,
      rows: 55,
      created: 53,
      updated: 2,
      unchanged: 0,
      invitations: { status: 'sending' },
    });
    const rewritten = batchesSent().slice(4);
    expect(rewritten.map((batch) => batch.length)).toEqual([25, 25, 5]);
    expect(rewritten.flat().map((request) => request.PutRequest!.Item!.contactEmail)).toEqual(
      Array.from({ length: 55 }, (_, index) => `new${index}@district${index}.example.org`),
    );
    expect(ddb).toReceiveCommandTimes(PutCommand, 1);
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 1);
  });

  it('retries what the undo left unprocessed', async () => {
    const unprocessed = UNDO[3]!;
    ddb
      .on(BatchWriteCommand)
      .resolvesOnce({})
      .rejectsOnce(new Error('ProvisionedThroughputExceededException'))
      .resolvesOnce({ UnprocessedItems: { [TABLE_NAME]: [unprocessed] } })
      .resolves({});

    const { statusCode } = await call(csvEvent(CSV));

    expect(statusCode).toBe(503);
    const sent = batchesSent();
    expect(sent).toEqual([expect.any(Array), expect.any(Array), UNDO.slice(0, 25), [unprocessed], UNDO.slice(25, 50)]);
  });

  it('answers 500 saying the import may be partial when the undo fails too, and records and publishes nothing', async () => {
    ddb
      .on(BatchWriteCommand)
      .resolvesOnce({})
      .rejectsOnce(new Error('socket timed out'))
      .rejects(new Error('endpoint unreachable'));

    const { statusCode, json } = await call(csvEvent(CSV));

    expect(statusCode).toBe(500);
    expect(json).toEqual({
      error: 'ImportPartial',
      message:
        'The import failed and could not be undone: some invitees may have been imported. Send the same file again ' +
        'to complete the import.',
      cohort: '2022-2023',
      importId: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(batchesSent()[2]).toEqual(UNDO.slice(0, 25));
    expect(ddb).toReceiveCommandTimes(BatchWriteCommand, 3);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
    expect(eventBridge).not.toHaveReceivedCommand(PutEventsCommand);
    expect(takeLogs()).toMatchObject([
      {
        level: 'ERROR',
        message: 'Invitee import failed and could not be undone: it may be partial',
        cohort: '2022-2023',
        attempted: 50,
        error: { name: 'InviteeWriteFailedError' },
      },
    ]);
  });
});

describe('GET /facilitator/invitees', () => {
  it('queries the cohort partition a page at a time and hands back a token for the next page', async () => {
    const lastKey = { pk: PARTITION, sk: 'INVITEE#district-096-104' };
    ddb.on(QueryCommand).resolves({
      Items: [storedDistrict('096-104', 'Lindbergh Schools', 'dana@lindbergh.example.org')],
      LastEvaluatedKey: lastKey,
    });

    const first = await call(listEvent({ cohort: '2022-2023', limit: '1' }));

    expect(first.statusCode).toBe(200);
    expect(first.json.items).toEqual([
      {
        inviteeId: 'district-096-104',
        kind: 'district',
        organization: 'Lindbergh Schools',
        countyDistrictCode: '096-104',
        contactName: 'Dana Whitfield',
        contactEmail: 'dana@lindbergh.example.org',
        zoneInterest: [],
        importedAt: BEFORE_INVITATIONS,
        updatedAt: BEFORE_INVITATIONS,
      },
    ]);
    expect(ddb).toReceiveCommandWith(QueryCommand, { ...INVITEES_QUERY, Limit: 1 });

    await call(listEvent({ cohort: '2022-2023', limit: '1', nextToken: first.json.nextToken }));
    expect(ddb.commandCalls(QueryCommand)[1]!.args[0].input).toEqual({
      ...INVITEES_QUERY,
      Limit: 1,
      ExclusiveStartKey: lastKey,
    });

    const forged = await call(
      listEvent({
        cohort: '2022-2023',
        nextToken: Buffer.from(JSON.stringify({ pk: 'APPLICATION#x', sk: 'APPLICATION' })).toString('base64url'),
      }),
    );
    expect(forged.statusCode).toBe(400);
    expect(forged.json.errors).toEqual([{ field: 'query.nextToken', message: 'is not a page token of this list' }]);
  });

  it('refuses a page token whose sort key is longer than DynamoDB allows, without querying', async () => {
    const token = Buffer.from(JSON.stringify({ pk: PARTITION, sk: `INVITEE#${'a'.repeat(1100)}` })).toString(
      'base64url',
    );

    const forged = await call(listEvent({ cohort: '2022-2023', nextToken: token }));

    expect(forged.statusCode).toBe(400);
    expect(forged.json.errors).toEqual([{ field: 'query.nextToken', message: 'is not a page token of this list' }]);
    expect(ddb).not.toHaveReceivedCommand(QueryCommand);
  });
});

describe('invitee keys', () => {
  it("match the applicant key of the invitee's own application, so applications tell who has applied", () => {
    const name = 'Kauffman "Réal World Learning", Partners';
    const parsed = parseInviteeCsv(
      `${HEADER}\npartner,"Kauffman ""Réal World Learning"", Partners",,Casey Lin,casey@kauffman.example.org,\n` +
        `district,Lindbergh Schools,096-104,Dana Whitfield,dana@lindbergh.example.org,\n`,
    );
    if (!parsed.ok) throw new Error('the file is valid');
    const cnz = applicationSchema.parse({
      ...validApplication('CNZ'),
      applicant: { ...validApplication('CNZ').applicant, name },
    });
    const sdz = applicationSchema.parse(validApplication('SDZ'));
    expect(parsed.rows.map(inviteeApplicantKey)).toEqual([applicantKey(cnz), applicantKey(sdz)]);
    expect(applicantKey(cnz)).toBe('organization:kauffman real world learning partners');
  });
});
