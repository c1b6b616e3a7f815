import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../functions/facilitator-deliverability/handler.ts';
import { apiEvent, lambdaContext } from '../support/api-event.ts';
import { TABLE_NAME } from '../support/handler-environment.ts';

const ddb = mockClient(DynamoDBDocumentClient);

const FACILITATOR = {
  sub: 'facilitator-sub-1',
  email: 'facilitator@srsn.example.org',
  'cognito:groups': '[facilitators]',
};

function listEvent(
  query?: Record<string, string>,
  claims: Record<string, string> = FACILITATOR,
): APIGatewayProxyEventV2 {
  const base = apiEvent({ method: 'GET', path: '/facilitator/undeliverable' });
  return {
    ...base,
    ...(query ? { queryStringParameters: query } : {}),
    requestContext: {
      ...base.requestContext,
      authorizer: { jwt: { claims, scopes: null } },
    } as APIGatewayProxyEventV2['requestContext'],
  };
}

async function list(query?: Record<string, string>, claims?: Record<string, string>) {
  const response = await handler(listEvent(query, claims), lambdaContext('facilitator-deliverability'));
  return { statusCode: response.statusCode, json: JSON.parse(response.body) };
}

function item(
  address: string,
  at: string,
  applications: Array<Record<string, unknown>>,
  extra: Record<string, unknown> = {},
) {
  return {
    pk: `SUPPRESSED#${address}`,
    sk: 'SUPPRESSED',
    gsi1pk: 'SUPPRESSED',
    gsi1sk: `${at}#${address}`,
    type: 'Suppression',
    address,
    reason: 'bounce',
    at,
    recordedAt: at,
    source: {
      messageId: `m-${address}`,
      notification: 'receipt',
      bounceSubType: 'General',
      diagnosticCode: 'smtp; 550 5.1.1 user unknown',
      tags: { notification: 'receipt', application: 'sdz-2022-2023-0453ba3b856e' },
    },
    applications,
    ...extra,
  };
}

const OF_2022 = {
  applicationId: 'sdz-2022-2023-0453ba3b856e',
  cohort: '2022-2023',
  zone: 'SDZ',
  organization: 'Lindbergh Schools',
  roles: ['contact'],
};
const OF_LATER = {
  applicationId: 'sdz-2023-2024-aaaaaaaaaaaa',
  cohort: '2023-2024',
  zone: 'SDZ',
  organization: 'Lindbergh Schools',
  roles: ['contact'],
};

beforeEach(() => {
  ddb.reset();
  ddb.on(QueryCommand).resolves({ Items: [] });
});

afterAll(() => ddb.restore());

describe('GET /facilitator/undeliverable', () => {
  it('lists the suppressed addresses with a Query on the index partition SUPPRESSED, newest first, page by page', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [item('dana.whitfield@lindbergh.example.org', '2022-09-02T10:00:00.000Z', [OF_2022])],
        LastEvaluatedKey: { pk: 'p', sk: 's' },
      })
      .resolvesOnce({
        Items: [
          item('lee.park@showme.example.com', '2022-09-01T10:00:00.000Z', [], {
            reason: 'complaint',
            source: { messageId: 'm-2', notification: null, complaintFeedbackType: 'abuse' },
          }),
        ],
      });

    const { statusCode, json } = await list({ cohort: '2022-2023' });

    expect(statusCode).toBe(200);
    expect(ddb).toReceiveCommandTimes(QueryCommand, 2);
    expect(ddb).toReceiveNthCommandWith(QueryCommand, 1, {
      TableName: TABLE_NAME,
      IndexName: 'byCohortZone',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': 'SUPPRESSED' },
      ScanIndexForward: false,
    });
    expect(ddb).toReceiveNthCommandWith(QueryCommand, 2, { ExclusiveStartKey: { pk: 'p', sk: 's' } });
    expect(json).toStrictEqual({
      cohort: '2022-2023',
      count: 2,
      items: [
        {
          address: 'dana.whitfield@lindbergh.example.org',
          reason: 'bounce',
          at: '2022-09-02T10:00:00.000Z',
          recordedAt: '2022-09-02T10:00:00.000Z',
          messageId: 'm-dana.whitfield@lindbergh.example.org',
          notification: 'receipt',
          bounceSubType: 'General',
          complaintFeedbackType: null,
          diagnosticCode: 'smtp; 550 5.1.1 user unknown',
          tags: { notification: 'receipt', application: 'sdz-2022-2023-0453ba3b856e' },
          applications: [
            {
              applicationId: OF_2022.applicationId,
              zone: 'SDZ',
              organization: 'Lindbergh Schools',
              roles: ['contact'],
            },
          ],
        },
        {
          address: 'lee.park@showme.example.com',
          reason: 'complaint',
          at: '2022-09-01T10:00:00.000Z',
          recordedAt: '2022-09-01T10:00:00.000Z',
          messageId: 'm-2',
          notification: null,
          bounceSubType: null,
          complaintFeedbackType: 'abuse',
          diagnosticCode: null,
          tags: {},
          applications: [],
        },
      ],
    });
  });

  it("leaves out addresses that belong only to another cohort's applications, and that cohort's applications", async () => {
    ddb.on(QueryCommand).resolves({
      Items: [
        item('only-later@district.example.org', '2022-09-02T10:00:00.000Z', [OF_LATER]),
        item('both@district.example.org', '2022-09-01T10:00:00.000Z', [OF_LATER, OF_2022]),
      ],
    });

    const { json } = await list({ cohort: '2022-2023' });

    expect(json.items.map((entry: { address: string }) => entry.address)).toEqual(['both@district.example.org']);
    expect(json.items[0].applications).toEqual([
      { applicationId: OF_2022.applicationId, zone: 'SDZ', organization: 'Lindbergh Schools', roles: ['contact'] },
    ]);
  });

  it('lists an address of no known application unless its message was tagged with another cohort (an invitation)', async () => {
    const invitation = (address: string, cohort: string) =>
      item(address, '2022-08-20T10:00:00.000Z', [], {
        source: {
          messageId: 'm',
          notification: 'invitation',
          tags: { notification: 'invitation', cohort, invitee: 'district-096-104' },
        },
      });
    ddb.on(QueryCommand).resolves({
      Items: [
        invitation('this@district.example.org', '2022-2023'),
        invitation('next@district.example.org', '2023-2024'),
      ],
    });

    const { json } = await list({ cohort: '2022-2023' });

    expect(json.items.map((entry: { address: string }) => entry.address)).toEqual(['this@district.example.org']);
    expect(json.items[0].tags).toEqual({
      notification: 'invitation',
      cohort: '2022-2023',
      invitee: 'district-096-104',
    });
  });

  it.each([
    ['no cohort', undefined, 'query.cohort'],
    ['an unknown cohort', { cohort: '2021-2022' }, 'query.cohort'],
    ['an unknown parameter', { cohort: '2022-2023', zone: 'SDZ' }, 'query.zone'],
  ])('answers 400 naming the parameter for %s, reading nothing', async (_label, query, field) => {
    const { statusCode, json } = await list(query);

    expect(statusCode).toBe(400);
    expect(json.errors.map((error: { field: string }) => error.field)).toContain(field);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('answers 403 to a signed-in user who is not a facilitator', async () => {
    const { statusCode } = await list(
      { cohort: '2022-2023' },
      { sub: 'applicant-1', email: 'a@example.org', 'cognito:groups': '[]' },
    );

    expect(statusCode).toBe(403);
    expect(ddb.calls()).toHaveLength(0);
  });
});
