import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// What some consumers read at load: the facilitators' addresses and the applicant links' key and URL.
vi.hoisted(() => {
  delete process.env.APPLICANT_LINK_SECRET_ARN;
  Object.assign(process.env, {
    APPLICANT_LINK_KEY: 'unknown-cohort-events-test-key-0123456789abcdefghijklmnopqrstuv',
    PUBLIC_API_URL: 'https://api.srsn.example.org',
    FACILITATOR_EMAILS: 'lead@srsn.example.org',
  });
});

import { LocalFunctions } from '../../infra/local/functions.ts';
import { eventRules } from '../../infra/routing.ts';
import { eventCatalog } from '../../shared/events/catalog.ts';
import { CohortChanged } from '../../shared/events/cohort-changed.ts';
import { EVENT_SOURCE } from '../../shared/platform/events/contract.ts';
import { takeLogs } from '../support/logs.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const eventBridge = mockClient(EventBridgeClient);
const ses = mockClient(SESv2Client);

const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const functions = new LocalFunctions(REPOSITORY_ROOT);

/** Well formed, and no such cohort. */
const UNKNOWN = '2026-2027';

/** The first committed example of an event type, as its rule's target receives it, naming the unknown cohort. */
function exampleNamingUnknownCohort(detailType: string): Record<string, unknown> | undefined {
  const file = path.join(REPOSITORY_ROOT, 'events', 'examples', `${detailType}.json`);
  const [entry] = JSON.parse(readFileSync(file, 'utf8')) as Array<{
    Source: string;
    DetailType: string;
    Detail: string;
  }>;
  if (!entry) throw new Error(`no example of ${detailType}`);
  const detail = JSON.parse(entry.Detail) as Record<string, unknown>;
  if (!('cohort' in detail)) return undefined;
  return {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': entry.DetailType,
    source: entry.Source,
    account: '123456789012',
    time: '2026-12-07T15:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: { ...detail, cohort: UNKNOWN },
  };
}

/**
 * Every rule on one of our events whose detail names a cohort: its event type, target and example.
 * But CohortChanged: it may name a cohort scheduled a moment ago, which its consumer's copy of the
 * cohorts does not know yet, so the consumer reads the cohorts first (tested below).
 */
const consumers = eventRules.flatMap((rule) => {
  const detailType = rule.pattern['detail-type'];
  if (Array.isArray(detailType) && detailType.includes(CohortChanged.detailType)) return [];
  const contract = eventCatalog.find(
    (candidate) =>
      candidate.source === EVENT_SOURCE &&
      Array.isArray(detailType) &&
      detailType.length === 1 &&
      detailType[0] === candidate.detailType,
  );
  const event = contract && exampleNamingUnknownCohort(contract.detailType);
  return contract && event ? [[contract.detailType, rule.target, event] as const] : [];
});

beforeEach(() => {
  ddb.reset();
  eventBridge.reset();
  ses.reset();
});

describe('an event naming a cohort that does not exist', () => {
  it('is consumed by the rules of several event types (the table below is not empty)', () => {
    expect(new Set(consumers.map(([detailType]) => detailType)).size).toBeGreaterThanOrEqual(10);
  });

  it.each(consumers)(
    '%s to %s: discarded and logged naming detail.cohort; nothing read, sent or stored',
    async (detailType, target, event) => {
      const result = await functions.invoke(target, event);

      expect(result).toEqual({ status: 'discarded', reason: `detail.cohort: no cohort ${UNKNOWN}` });
      expect(takeLogs()).toMatchObject([
        {
          level: 'ERROR',
          message: `Discarded an invalid ${detailType} event`,
          errors: [{ field: 'detail.cohort', message: `no cohort ${UNKNOWN}` }],
        },
      ]);
      expect(ddb.calls()).toHaveLength(0);
      expect(eventBridge.calls()).toHaveLength(0);
      expect(ses.calls()).toHaveLength(0);
    },
  );
});

describe('a CohortChanged naming a cohort the table does not hold', () => {
  it('reads the cohorts once, plans nothing and publishes nothing', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    const event = exampleNamingUnknownCohort(CohortChanged.detailType);

    const result = await functions.invoke('dispatchMilestones', event);

    expect(result).toEqual({ status: 'processed', outcome: `no cohort ${UNKNOWN}: nothing to plan` });
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(1);
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input.ExpressionAttributeValues).toEqual({
      ':pk': 'COHORTS',
      ':cohort': 'COHORT#',
    });
    expect(eventBridge.calls()).toHaveLength(0);
    expect(ses.calls()).toHaveLength(0);
  });
});
