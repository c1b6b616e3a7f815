/**
 * One representative event per function, as Lambda would receive it: the API Gateway
 * (payload 2.0) request of its main route, the EventBridge event of its rule, or the
 * Scheduler tick. Each one does the function's usual work on the seeded data: reads and
 * writes the table, publishes events, sends email. The functions run on the wall clock,
 * long after the 2022-2023 season, so time-bound routes are chosen to still do that work
 * (the CNZ window has no due date; reads and sends do not depend on the date).
 */
import { randomUUID } from 'node:crypto';
import { DEV_TOKENS } from '../../../infra/local/dev-tokens.ts';
import type { FunctionName } from '../../../infra/routing.ts';
import { ApplicationResultDue } from '../../../shared/events/application-result-due.ts';
import { ApplicationSubmitted } from '../../../shared/events/application-submitted.ts';
import { ApplicationWindowClosed } from '../../../shared/events/application-window-closed.ts';
import { BoardResolutionReminderDue } from '../../../shared/events/board-resolution-reminder-due.ts';
import { ClarificationRequested } from '../../../shared/events/clarification-requested.ts';
import { InvitationsDue } from '../../../shared/events/invitations-due.ts';
import { ResultsReleaseDue } from '../../../shared/events/results-release-due.ts';
import { RosterChanged } from '../../../shared/events/roster-changed.ts';
import type { EventContract } from '../../../shared/platform/events/contract.ts';
import { validApplication } from '../../fixtures/applications.ts';
import { bouncedEvent } from '../../fixtures/ses-events.ts';
import type { Seed } from './seed.ts';

interface HttpOptions {
  readonly pathParameters?: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly body?: unknown;
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
  /** Signed in as the documented local facilitator (the JWT authorizer's claims). */
  readonly facilitator?: boolean;
}

function httpEvent(method: string, routePath: string, options: HttpOptions = {}) {
  const rawPath = routePath.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(options.pathParameters?.[name] ?? ''),
  );
  const query = new URLSearchParams(options.query ?? {}).toString();
  const body =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  const routeKey = `${method} ${routePath}`;
  const now = Date.now();
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: query,
    headers: {
      host: 'api.innovation-zones.example.org',
      'user-agent': 'cold-start-bench',
      ...(body === undefined ? {} : { 'content-type': options.contentType ?? 'application/json' }),
      ...options.headers,
    },
    ...(options.query ? { queryStringParameters: options.query } : {}),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'bench',
      domainName: 'api.innovation-zones.example.org',
      domainPrefix: 'api',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.10', userAgent: 'cold-start-bench' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
      ...(options.facilitator
        ? {
            authorizer: {
              jwt: { claims: DEV_TOKENS['dev-facilitator'], scopes: null },
              principalId: '',
              integrationLatency: 0,
            },
          }
        : {}),
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
  };
}

/** The event an EventBridge rule delivers to its target. */
function busEvent(contract: EventContract, detail: unknown) {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': contract.detailType,
    source: contract.source,
    account: '123456789012',
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: [],
    detail,
  };
}

/** A CNZ application from a partner not in the seed (the CNZ window has no due date, so it stays open). */
function newCnzApplication() {
  const application = validApplication('CNZ');
  application.applicant.name = 'Heartland Learning Cooperative';
  application.contact.email = 'robin.hale@heartland.example.org';
  return application;
}

const facilitator = { facilitator: true } as const;

/** Scenario of each function: the event of one invocation, built from the seed. */
export const scenarios: Partial<Record<FunctionName, (seed: Seed) => unknown>> = {
  submitApplication: () =>
    httpEvent('POST', '/applications', {
      body: newCnzApplication(),
      headers: { 'idempotency-key': 'cold-start-bench-cnz' },
    }),
  sendReceipt: ({ cohort, sdz }) =>
    busEvent(ApplicationSubmitted, {
      applicationId: sdz.applicationId,
      cohort,
      zone: 'SDZ',
      submittedAt: '2022-09-01T15:00:00.000Z',
    }),
  dispatchMilestones: () => ({ scheduleId: 'MilestoneTick', scheduledTime: new Date().toISOString() }),
  notifyReviewQueueReady: ({ cohort }) =>
    busEvent(ApplicationWindowClosed, {
      milestoneId: `${cohort}/window-closed/SDZ`,
      cohort,
      dueAt: '2022-09-10T05:00:00.000Z',
      zone: 'SDZ',
    }),
  facilitatorApplications: ({ cohort }) =>
    httpEvent('GET', '/facilitator/applications', { query: { cohort, zone: 'SDZ' }, ...facilitator }),
  recordBoardResolution: ({ sdz }) =>
    httpEvent('POST', '/facilitator/applications/{applicationId}/board-resolution', {
      pathParameters: { applicationId: sdz.applicationId },
      body: {
        expectedVersion: sdz.version,
        adoptedOn: '2022-09-20',
        reference: 'Board minutes 2022-09-20, resolution 2022-41',
      },
      ...facilitator,
    }),
  remindBoardResolutions: ({ cohort }) =>
    busEvent(BoardResolutionReminderDue, {
      milestoneId: `${cohort}/board-resolution-reminder/2022-09-22`,
      cohort,
      dueAt: '2022-09-22T14:00:00.000Z',
      round: 1,
    }),
  clarifications: ({ ildz }) =>
    httpEvent('POST', '/facilitator/applications/{applicationId}/clarifications', {
      pathParameters: { applicationId: ildz.applicationId },
      body: { question: 'Which grades does the school plan to start with?' },
      ...facilitator,
    }),
  sendClarificationRequest: ({ cohort, sdz }) =>
    busEvent(ClarificationRequested, {
      applicationId: sdz.applicationId,
      clarificationId: sdz.clarificationId,
      cohort,
      zone: 'SDZ',
      requestedAt: '2022-09-01T15:00:00.000Z',
    }),
  facilitatorExtensions: ({ cohort }) =>
    httpEvent('GET', '/facilitator/extensions', { query: { cohort, zone: 'SDZ' }, ...facilitator }),
  releaseResults: ({ cohort }) =>
    busEvent(ResultsReleaseDue, {
      milestoneId: `${cohort}/release/ILDZ`,
      cohort,
      dueAt: '2022-09-23T14:00:00.000Z',
      zone: 'ILDZ',
      releasedBy: 'schedule',
    }),
  sendResult: ({ cohort, sdz }) =>
    busEvent(ApplicationResultDue, { applicationId: sdz.applicationId, cohort, zone: 'SDZ' }),
  facilitatorReleases: ({ cohort }) =>
    httpEvent('GET', '/facilitator/releases/preview', { query: { cohort, zone: 'ILDZ' }, ...facilitator }),
  handleDeliveryEvents: ({ sdz }) =>
    bouncedEvent({
      destination: [sdz.contactEmail],
      recipients: [sdz.contactEmail],
      tags: { application: sdz.applicationId, notification: 'receipt' },
    }),
  facilitatorDeliverability: ({ cohort }) =>
    httpEvent('GET', '/facilitator/undeliverable', { query: { cohort }, ...facilitator }),
  facilitatorInvitees: ({ cohort }) =>
    httpEvent('POST', '/facilitator/invitees', {
      query: { cohort },
      contentType: 'text/csv',
      body:
        'kind,organization,county_district_code,contact_name,contact_email,zone_interest\r\n' +
        'district,Knob Noster R-VIII,051-155,Lee Grant,lee.grant@knobnoster.example.org,SDZ\r\n',
      ...facilitator,
    }),
  sendBulkMail: ({ cohort }) =>
    busEvent(InvitationsDue, { milestoneId: `${cohort}/invitations`, cohort, dueAt: '2022-08-19T13:00:00.000Z' }),
  roster: ({ cohort }) => httpEvent('GET', '/facilitator/rosters', { query: { cohort }, ...facilitator }),
  sendRosterConfirmation: ({ cohort, sdz }) =>
    busEvent(RosterChanged, {
      applicationId: sdz.applicationId,
      cohort,
      zone: 'SDZ',
      version: sdz.rosterVersion,
      changedAt: '2022-09-15T15:00:00.000Z',
    }),
  facilitatorSessions: ({ cohort }) => httpEvent('GET', '/facilitator/sessions', { query: { cohort }, ...facilitator }),
};
