import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// What some of these handlers read at load: the facilitators' addresses and the applicant links' key and URL.
vi.hoisted(() => {
  delete process.env.APPLICANT_LINK_SECRET_ARN;
  Object.assign(process.env, {
    APPLICANT_LINK_KEY: 'unknown-cohort-test-key-0123456789abcdefghijklmnopqrstuvwxyz',
    PUBLIC_API_URL: 'https://api.srsn.example.org',
    FACILITATOR_EMAILS: 'lead@srsn.example.org',
  });
});

import { handler as applications } from '../../functions/facilitator-applications/handler.ts';
import { handler as deliverability } from '../../functions/facilitator-deliverability/handler.ts';
import { handler as extensions } from '../../functions/facilitator-extensions/handler.ts';
import { handler as invitees } from '../../functions/facilitator-invitees/handler.ts';
import { handler as releases } from '../../functions/facilitator-releases/handler.ts';
import { handler as sessions } from '../../functions/facilitator-sessions/handler.ts';
import { handler as roster } from '../../functions/roster/handler.ts';
import { handler as submitApplication } from '../../functions/submit-application/handler.ts';
import { validApplication } from '../fixtures/applications.ts';
import { apiEvent, lambdaContext, postApplication } from '../support/api-event.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const eventBridge = mockClient(EventBridgeClient);
const ses = mockClient(SESv2Client);

/** Well formed, and no such cohort. */
const UNKNOWN = '2026-2027';
const CLAIMS = { sub: 'facilitator-sub-1', email: 'facilitator@srsn.example.org', 'cognito:groups': '[facilitators]' };

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;

interface FacilitatorRequest {
  readonly query?: Record<string, string>;
  readonly body?: unknown;
  readonly pathParameters?: Record<string, string>;
  readonly contentType?: string;
}

function facilitatorRoute(routeKey: string, request: FacilitatorRequest): APIGatewayProxyEventV2 {
  const [method, template] = routeKey.split(' ') as [string, string];
  const path = Object.entries(request.pathParameters ?? {}).reduce(
    (filled, [name, value]) => filled.replace(`{${name}}`, value),
    template,
  );
  const event = apiEvent({
    method,
    path,
    headers: { 'content-type': request.contentType ?? 'application/json' },
    ...(request.body === undefined
      ? {}
      : { body: typeof request.body === 'string' ? request.body : JSON.stringify(request.body) }),
  });
  return {
    ...event,
    routeKey,
    rawQueryString: new URLSearchParams(request.query ?? {}).toString(),
    ...(request.query ? { queryStringParameters: request.query } : {}),
    ...(request.pathParameters ? { pathParameters: request.pathParameters } : {}),
    requestContext: { ...event.requestContext, routeKey, authorizer: { jwt: { claims: CLAIMS, scopes: null } } },
  } as APIGatewayProxyEventV2;
}

async function answer(handler: Handler, event: APIGatewayProxyEventV2): Promise<{ statusCode: number; json: any }> {
  const response = (await handler(event, lambdaContext('unknown-cohort'))) as { statusCode: number; body: string };
  return { statusCode: response.statusCode, json: JSON.parse(response.body) };
}

const SESSION = { sessionDate: '2022-10-12' };
const CSV = 'inviteeId,kind,name,email\n';

/** Every route that takes a cohort, with otherwise valid input, and the field its cohort is named by. */
const routes: Array<[string, Handler, FacilitatorRequest, string]> = [
  ['GET /facilitator/applications', applications, { query: { cohort: UNKNOWN, zone: 'SDZ' } }, 'query.cohort'],
  [
    'POST /facilitator/extensions',
    extensions,
    {
      body: { cohort: UNKNOWN, zone: 'SDZ', applicantKey: 'district:096-104', until: '2026-09-12T05:00:00Z' },
    },
    'cohort',
  ],
  ['GET /facilitator/extensions', extensions, { query: { cohort: UNKNOWN, zone: 'SDZ' } }, 'query.cohort'],
  ['GET /facilitator/releases', releases, { query: { cohort: UNKNOWN } }, 'query.cohort'],
  ['POST /facilitator/releases', releases, { body: { cohort: UNKNOWN, zone: 'SDZ' } }, 'cohort'],
  ['GET /facilitator/releases/preview', releases, { query: { cohort: UNKNOWN, zone: 'SDZ' } }, 'query.cohort'],
  ['GET /facilitator/rosters', roster, { query: { cohort: UNKNOWN } }, 'query.cohort'],
  ['GET /facilitator/sessions', sessions, { query: { cohort: UNKNOWN } }, 'query.cohort'],
  [
    'PUT /facilitator/sessions/{sessionDate}',
    sessions,
    { pathParameters: SESSION, body: { cohort: UNKNOWN, start: '13:00', end: '15:00' } },
    'cohort',
  ],
  [
    'POST /facilitator/sessions/{sessionDate}/cancel',
    sessions,
    { pathParameters: SESSION, body: { cohort: UNKNOWN } },
    'cohort',
  ],
  [
    'POST /facilitator/sessions/{sessionDate}/materials',
    sessions,
    {
      pathParameters: SESSION,
      body: { cohort: UNKNOWN, videoUrl: 'https://video.example.org/1', slidesUrl: 'https://slides.example.org/1' },
    },
    'cohort',
  ],
  ['GET /facilitator/undeliverable', deliverability, { query: { cohort: UNKNOWN } }, 'query.cohort'],
  [
    'POST /facilitator/invitees',
    invitees,
    { query: { cohort: UNKNOWN }, body: CSV, contentType: 'text/csv' },
    'query.cohort',
  ],
  ['GET /facilitator/invitees', invitees, { query: { cohort: UNKNOWN } }, 'query.cohort'],
];

beforeEach(() => {
  ddb.reset();
  eventBridge.reset();
  ses.reset();
});

function expectNothingReadOrStored(): void {
  expect(ddb.calls()).toHaveLength(0);
  expect(eventBridge.calls()).toHaveLength(0);
  expect(ses.calls()).toHaveLength(0);
}

describe('a cohort that does not exist', () => {
  it.each(routes)(
    '%s answers 400 naming the field, and reads and stores nothing',
    async (routeKey, handler, request, field) => {
      const refused = await answer(handler, facilitatorRoute(routeKey, request));

      expect(refused.statusCode).toBe(400);
      expect(refused.json.errors).toEqual([{ field, message: `no cohort ${UNKNOWN}` }]);
      expectNothingReadOrStored();
    },
  );

  it.each(['SDZ', 'ILDZ', 'CNZ'] as const)(
    'POST /applications (%s) answers 400 naming cohort, and stores nothing',
    async (zone) => {
      const refused = await answer(submitApplication, postApplication({ ...validApplication(zone), cohort: UNKNOWN }));

      expect(refused.statusCode).toBe(400);
      expect(refused.json.errors).toEqual([{ field: 'cohort', message: `no cohort ${UNKNOWN}` }]);
      expectNothingReadOrStored();
    },
  );

  it('is told apart from a malformed cohort id, which is refused for its form', async () => {
    const refused = await answer(
      releases,
      facilitatorRoute('GET /facilitator/releases', { query: { cohort: '2026-2028' } }),
    );

    expect(refused.statusCode).toBe(400);
    expect(refused.json.errors).toEqual([
      { field: 'query.cohort', message: 'must be a cohort id of two consecutive years, like 2026-2027' },
    ]);
  });
});
