import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { documentClient } from '../../shared/clients/dynamodb.ts';
import { eventBridgeClient } from '../../shared/clients/eventbridge.ts';
import { now } from '../../shared/clock.ts';
import type { CohortId } from '../../shared/cohort/registry.ts';
import { requireEnv } from '../../shared/config/env.ts';
import { ENV } from '../../shared/config/env-names.ts';
import { SessionChanged } from '../../shared/events/participation.ts';
import { EventPublisher } from '../../shared/events/publish.ts';
import { logger } from '../../shared/logger.ts';
import { type ConsumerResult, consumeEvent } from '../../shared/middleware/event-consumer.ts';
import { sessionPlacementsOf } from '../../shared/participation/session-placements.ts';
import { SessionRepository } from '../../shared/participation/session-repository.ts';
import { NotificationLedger } from '../../shared/repository/notification-ledger.ts';
import { type DispatchReport, dispatchMilestones, replanCohort } from '../../shared/season/dispatch-milestones.ts';

const tableName = requireEnv(ENV.tableName);
const sessions = new SessionRepository(documentClient, tableName);
const dependencies = {
  ledger: new NotificationLedger(documentClient, tableName),
  publisher: new EventPublisher(eventBridgeClient, requireEnv(ENV.eventBusName)),
  sessionPlacements: (cohort: CohortId) => sessionPlacementsOf(sessions, cohort),
  now,
};

async function dispatch(): Promise<DispatchReport> {
  const report = await dispatchMilestones(dependencies);
  if (report.published.length > 0 || report.skippedInProgress.length > 0)
    logger.info('Milestones dispatched', { ...report });
  return report;
}

/** A moved or cancelled session: plan its reminders anew, and publish any now due. */
const onSessionChanged = consumeEvent(SessionChanged, logger, async (detail) => {
  replanCohort(detail.cohort);
  const report = await dispatch();
  return `replanned ${detail.cohort}: published ${report.published.length}`;
});

/**
 * Invoked by the Scheduler tick (whose payload carries nothing it needs), and by
 * SessionChanged, which moves a session's reminders.
 */
export const handler = middy<unknown, DispatchReport | ConsumerResult>()
  .use(injectLambdaContext(logger))
  .handler(async (event) =>
    (event as { 'detail-type'?: unknown } | null)?.['detail-type'] === SessionChanged.detailType
      ? onSessionChanged(event)
      : dispatch(),
  );
