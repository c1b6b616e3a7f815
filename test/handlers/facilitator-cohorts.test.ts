import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../functions/facilitator-cohorts/handler.ts';
import { seedCohorts } from '../../infra/local/seed/seed-cohorts.ts';
import { resetClockSource, setClockSource } from '../../shared/platform/time/clock.ts';
import { validApplication } from '../fixtures/applications.ts';
import { apiEvent, lambdaContext } from '../support/api-event.ts';
import { TABLE_NAME } from '../support/handler-environment.ts';

const ddb = mockClient(DynamoDBDocumentClient);

const FACILITATOR = {
  sub: 'facilitator-sub-1',
  email: 'facilitator@srsn.example.org',
  'cognito:groups': '[facilitators]',
};
const NOW = '2022-09-05T12:00:00.000Z';

/** The cohorts' partition: the seeded 2022-2023 cohort, scheduled. */
const COHORTS = seedCohorts(new Date('2022-08-01T00:00:00Z'));
const isCohortsPartition = (input: { ExpressionAttributeValues?: Record<string, unknown> }) =>
  input.ExpressionAttributeValues?.[':pk'] === 'COHORTS';

function route(
  routeKey: string,
  cohortId?: string,
  claims: Record<string, string> = FACILITATOR,
): APIGatewayProxyEventV2 {
  const [method, template] = routeKey.split(' ') as [string, string];
  const base = apiEvent({ method, path: template.replace('{cohortId}', cohortId ?? '') });
  return {
    ...base,
    routeKey,
    pathParameters: cohortId === undefined ? {} : { cohortId },
    requestContext: {
      ...base.requestContext,
      authorizer: { jwt: { claims, scopes: null } },
    } as APIGatewayProxyEventV2['requestContext'],
  };
}

async function call(event: APIGatewayProxyEventV2) {
  const response = await handler(event, lambdaContext('facilitator-cohorts'));
  return { statusCode: response.statusCode, json: JSON.parse(response.body) };
}

const INVITEES = [
  { inviteeId: 'district-096-092', applicantKey: 'district:096-092', kind: 'district', zoneInterest: [] },
  { inviteeId: 'district-001-090', applicantKey: 'district:001-090', kind: 'district', zoneInterest: ['ILDZ'] },
  { inviteeId: 'partner-abc', applicantKey: 'organization:abc', kind: 'partner', zoneInterest: [] },
];

const SELECTED_DISTRICT = {
  applicationId: 'sdz-2022-2023-0001',
  cohort: '2022-2023',
  zone: 'SDZ',
  status: 'selected',
  applicantKey: 'district:096-092',
  resultSent: { decision: 'selected', corrections: 0 },
  application: {
    ...validApplication('SDZ'),
    contact: { name: 'Dana Whitfield', title: 'Superintendent', email: 'dana@district.example.org', phone: '' },
  },
};

/**
 * The table as queries see it: three invitees, one SDZ application, selected and told so, whose
 * roster names two lead facilitators (its contact is not one of them).
 */
function answerQueries() {
  ddb.on(QueryCommand).callsFake((input) => {
    if (isCohortsPartition(input)) return { Items: COHORTS };
    const pk = String(input.ExpressionAttributeValues?.[':pk']);
    const status = input.ExpressionAttributeValues?.[':status'];
    if (input.Select === 'COUNT') {
      return { Count: pk === 'COHORT#2022-2023#ZONE#SDZ' && status === 'STATUS#selected#' ? 1 : 0 };
    }
    if (pk === 'SESSION#2022-2023') return { Items: [] };
    if (pk === 'INVITEE#2022-2023') return { Items: INVITEES };
    if (pk === 'COHORT#2022-2023#ZONE#SDZ')
      return { Items: status === 'STATUS#selected#' ? [SELECTED_DISTRICT] : [{ applicantKey: 'district:096-092' }] };
    if (pk === 'ROSTER#2022-2023') {
      const lead = (email: string) => ({ role: 'lead-facilitator', name: 'Lead', title: 'Coach', email });
      return {
        Items: [
          {
            applicationId: SELECTED_DISTRICT.applicationId,
            cohort: '2022-2023',
            zone: 'SDZ',
            members: [lead('lead@district.example.org'), lead('two@district.example.org')],
          },
        ],
      };
    }
    return { Items: [] };
  });
}

beforeEach(() => {
  ddb.reset();
  ddb.on(GetCommand).callsFake((input) => ({
    Item: COHORTS.find((cohort) => input.Key.pk === 'COHORTS' && input.Key.sk === `COHORT#${cohort.id}`),
  }));
  setClockSource(() => new Date(NOW));
});
afterAll(() => resetClockSource());

describe('GET /facilitator/cohorts', () => {
  it('lists the cohorts with state, version and each zone’s dates, reading only the cohorts’ partition', async () => {
    answerQueries();
    const { statusCode, json } = await call(route('GET /facilitator/cohorts'));
    expect(statusCode).toBe(200);
    expect(json.items).toEqual([
      {
        id: '2022-2023',
        name: 'Innovation Zones Cohort 1, 2022-2023',
        timeZone: 'America/Chicago',
        invitationDate: '2022-08-19',
        zones: {
          SDZ: { opens: '2022-08-19', due: '2022-09-09', notify: '2022-09-15' },
          ILDZ: { opens: '2022-08-19', due: '2022-09-16', notify: '2022-09-23' },
          CNZ: { opens: '2022-08-19', due: null, notify: null },
        },
        state: 'scheduled',
        version: 1,
      },
    ]);
    expect(ddb.calls()).toHaveLength(1);
    expect(isCohortsPartition(ddb.commandCalls(QueryCommand)[0]?.args[0].input ?? {})).toBe(true);
  });

  it('answers 403 to a signed-in user outside the facilitators group', async () => {
    const response = await call(
      route('GET /facilitator/cohorts', undefined, { sub: 'someone', 'cognito:groups': '[]' }),
    );
    expect(response.statusCode).toBe(403);
    const calendar = await call(
      route('GET /facilitator/cohorts/{cohortId}/calendar', '2022-2023', { sub: 'someone', 'cognito:groups': '[]' }),
    );
    expect(calendar.statusCode).toBe(403);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('GET /facilitator/cohorts/{cohortId}', () => {
  it('answers its state, version and whole definition', async () => {
    const { statusCode, json } = await call(route('GET /facilitator/cohorts/{cohortId}', '2022-2023'));
    expect(statusCode).toBe(200);
    expect(json).toMatchObject({ id: '2022-2023', state: 'scheduled', version: 1 });
    expect(json.definition).toMatchObject({
      id: '2022-2023',
      monthlySessions: { weekday: 3, ordinal: 2, start: '10:00', fromMonth: '2022-10', toMonth: '2023-06' },
      reminderOffsetsDays: [7, 1],
      invitationTime: '08:00',
    });
  });

  it('answers 404 for a cohort of the right form that does not exist, and 400 naming path.cohortId for a malformed one', async () => {
    const missing = await call(route('GET /facilitator/cohorts/{cohortId}', '2026-2027'));
    expect(missing).toEqual({
      statusCode: 404,
      json: expect.objectContaining({ error: 'NotFound', message: 'No cohort 2026-2027.' }),
    });
    for (const malformed of ['2026-2028', 'next', '2026']) {
      const response = await call(route('GET /facilitator/cohorts/{cohortId}', malformed));
      expect(response.statusCode).toBe(400);
      expect(response.json.errors).toEqual([
        { field: 'path.cohortId', message: 'must be a cohort id of two consecutive years, like 2026-2027' },
      ]);
    }
    const calendar = await call(route('GET /facilitator/cohorts/{cohortId}/calendar', '2026-2027'));
    expect(calendar.statusCode).toBe(404);
    // The two unknown cohorts were looked up; the malformed ids read nothing.
    expect(ddb.commandCalls(GetCommand)).toHaveLength(2);
    expect(ddb.calls()).toHaveLength(2);
  });
});

describe('GET /facilitator/cohorts/{cohortId}/calendar', () => {
  it('lists each milestone with its ledger state and its audience now, in a bounded number of reads', async () => {
    answerQueries();
    ddb.on(BatchGetCommand).callsFake((input) => {
      const request = input.RequestItems[TABLE_NAME];
      const sent = (pk: string) => ({ pk, status: 'sent', sentAt: '2022-08-19T13:00:04.000Z' });
      return {
        Responses: {
          [TABLE_NAME]: request.Keys.flatMap((key: { pk: string }) =>
            key.pk === 'NOTIFICATION#milestone#2022-2023/invitations' ||
            key.pk === 'NOTIFICATION#invitation#2022-2023#district-096-092'
              ? [sent(key.pk)]
              : [],
          ),
        },
      };
    });
    const { statusCode, json } = await call(route('GET /facilitator/cohorts/{cohortId}/calendar', '2022-2023'));
    expect(statusCode).toBe(200);
    expect(json).toMatchObject({ cohort: '2022-2023', timeZone: 'America/Chicago', now: NOW });
    const item = (what: string) => json.items.find((entry: { what: string }) => entry.what === what);
    expect(item('Invitations')).toEqual({
      kind: 'InvitationsDue',
      what: 'Invitations',
      milestoneId: '2022-2023/invitations',
      at: '2022-08-19T13:00:00.000Z',
      local: '2022-08-19 08:00 CDT',
      state: 'sent',
      sentAt: '2022-08-19T13:00:04.000Z',
      // Sent: no count of what it would reach now.
      recipients: null,
    });
    // SDZ is open to both districts (one narrowed to ILDZ) and the one that applied is not reminded.
    expect(item('Deadline reminder SDZ, 7 days before')).toMatchObject({ state: 'planned', recipients: 0 });
    // The SDZ application counts for the ILDZ (rollover): only the other district is owed.
    expect(item('Deadline reminder ILDZ, 7 days before')).toMatchObject({
      local: '2022-09-09 09:00 CDT',
      state: 'planned',
      recipients: 1,
    });
    expect(item('Results release SDZ')).toMatchObject({ recipients: 1 });
    // The roster's two lead facilitators; the planning notice also goes to the district's contact.
    expect(item('Session reminder, 7 days before the 2022-10-12 session')).toMatchObject({ recipients: 2 });
    expect(item('Planning meeting notice, 7 days before')).toMatchObject({ recipients: 3 });
    expect(item('Window closes SDZ')).toMatchObject({
      local: '2022-09-10 00:00 CDT',
      state: 'planned',
      note: 'emails the facilitators: the review queue is ready',
    });

    const batchGets = ddb.commandCalls(BatchGetCommand).map((call) => call.args[0].input.RequestItems?.[TABLE_NAME]);
    // One batch for the milestones' ledger entries, one for the invitees' invitations: status only, never a body.
    expect(batchGets).toHaveLength(2);
    for (const request of batchGets) expect(request?.ProjectionExpression).toMatch(/^pk, #status/);
    const queries = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    // Sessions, invitees, applicant keys (SDZ, ILDZ twice with SDZ, CNZ), 6 decided counts, rosters, the selected
    // applications of each zone (the participants), board resolutions.
    expect(queries).toHaveLength(17);
    const counts = queries.filter((input) => input.Select === 'COUNT');
    expect(counts).toHaveLength(7);
    const invitees = queries.find((input) => input.ExpressionAttributeValues?.[':pk'] === 'INVITEE#2022-2023');
    expect(invitees?.ProjectionExpression).toBe('inviteeId, applicantKey, kind, zoneInterest');
  });

  it('counts no invitation for an invitee whose zones have all closed, as the campaign skips it', async () => {
    // September 20, 2022: the SDZ and ILDZ windows have closed, the CNZ one (no due date) is open.
    setClockSource(() => new Date('2022-09-20T15:00:00.000Z'));
    answerQueries();
    // The invitations' milestone is claimed, its lease still running: it would reach the partner only.
    ddb.on(BatchGetCommand).callsFake((input) => ({
      Responses: {
        [TABLE_NAME]: input.RequestItems[TABLE_NAME].Keys.flatMap((key: { pk: string }) =>
          key.pk === 'NOTIFICATION#milestone#2022-2023/invitations'
            ? [{ pk: key.pk, status: 'claimed', claimedUntil: Date.parse('2022-09-20T15:01:00.000Z') / 1000 }]
            : [],
        ),
      },
    }));
    const { json } = await call(route('GET /facilitator/cohorts/{cohortId}/calendar', '2022-2023'));
    const invitations = json.items.find((entry: { what: string }) => entry.what === 'Invitations');
    expect(invitations).toMatchObject({ state: 'in-progress', recipients: 1 });
    const invitationKeys = ddb
      .commandCalls(BatchGetCommand)
      .flatMap((call) => call.args[0].input.RequestItems?.[TABLE_NAME]?.Keys ?? [])
      .map((key) => String(key.pk))
      .filter((pk) => pk.startsWith('NOTIFICATION#invitation#'));
    // Every invitee's entry is read (an import may have invited any of them), one BatchGetItem per 100.
    expect(invitationKeys).toEqual([
      'NOTIFICATION#invitation#2022-2023#district-096-092',
      'NOTIFICATION#invitation#2022-2023#district-001-090',
      'NOTIFICATION#invitation#2022-2023#partner-abc',
    ]);

    // Once the cohort's last session is over, the campaign invites no one, the partner included.
    setClockSource(() => new Date('2023-06-15T15:00:00.000Z'));
    ddb.on(BatchGetCommand).callsFake((input) => ({
      Responses: {
        [TABLE_NAME]: input.RequestItems[TABLE_NAME].Keys.flatMap((key: { pk: string }) =>
          key.pk === 'NOTIFICATION#milestone#2022-2023/invitations'
            ? [{ pk: key.pk, status: 'claimed', claimedUntil: Date.parse('2023-06-15T15:01:00.000Z') / 1000 }]
            : [],
        ),
      },
    }));
    const ended = await call(route('GET /facilitator/cohorts/{cohortId}/calendar', '2022-2023'));
    expect(ended.json.items.find((entry: { what: string }) => entry.what === 'Invitations')).toMatchObject({
      state: 'in-progress',
      recipients: 0,
    });
  });

  it('shows the invitations as sent on import when imports invited though the milestone was never published', async () => {
    setClockSource(() => new Date('2022-09-20T15:00:00.000Z'));
    answerQueries();
    ddb.on(BatchGetCommand).callsFake((input) => ({
      Responses: {
        [TABLE_NAME]: input.RequestItems[TABLE_NAME].Keys.flatMap((key: { pk: string }) =>
          key.pk.startsWith('NOTIFICATION#invitation#2022-2023#district-') ? [{ pk: key.pk, status: 'sent' }] : [],
        ),
      },
    }));
    const { json } = await call(route('GET /facilitator/cohorts/{cohortId}/calendar', '2022-2023'));
    expect(json.items.find((entry: { what: string }) => entry.what === 'Invitations')).toMatchObject({
      state: 'sent',
      recipients: null,
      note: 'sent on import (2 in the ledger)',
    });
  });
});
