import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { CohortRepository } from '../../shared/cohorts/cohort-repository.ts';
import { cohortsLoaded } from '../../shared/cohorts/cohorts-loaded.ts';
import type { CohortId } from '../../shared/domain/cohort/cohort-id.ts';
import { findCohort, loadCohorts } from '../../shared/domain/cohort/registry.ts';
import { CohortChanged } from '../../shared/events/cohort-changed.ts';
import { SessionChanged } from '../../shared/events/session-changed.ts';
import { sessionPlacementsOf } from '../../shared/participation/session-placements.ts';
import { SessionRepository } from '../../shared/participation/session-repository.ts';
import { documentClient } from '../../shared/platform/aws/dynamodb.ts';
import { eventBridgeClient } from '../../shared/platform/aws/eventbridge.ts';
import { requireEnv } from '../../shared/platform/config/env.ts';
import { ENV } from '../../shared/platform/config/env-names.ts';
import { NotificationLedger } from '../../shared/platform/email/notification-ledger.ts';
import { EventPublisher } from '../../shared/platform/events/publish.ts';
import { logger } from '../../shared/platform/logger.ts';
import { type ConsumerResult, consumeEvent } from '../../shared/platform/middleware/event-consumer.ts';
import { dispatchByDetailType } from '../../shared/platform/middleware/event-dispatch.ts';
import { now } from '../../shared/platform/time/clock.ts';
import {
  type DispatchReport,
  dispatchMilestones,
  PLAN_REFRESH_MS,
  replanCohort,
} from '../../shared/season/dispatch-milestones.ts';

const tableName = requireEnv(ENV.tableName);
const sessions = new SessionRepository(documentClient, tableName);
const cohorts = new CohortRepository(documentClient, tableName);
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

/** A cohort scheduled, changed or closed: read the cohorts again, plan that one anew, and publish any now due. */
const onCohortChanged = consumeEvent(CohortChanged, logger, async (detail) => {
  loadCohorts(await cohorts.list());
  // Not in the table as scheduled or closed (never was, or a forged event): nothing to plan.
  if (!findCohort(detail.cohort)) return `no cohort ${detail.cohort}: nothing to plan`;
  replanCohort(detail.cohort);
  const report = await dispatch();
  return `replanned ${detail.cohort} (version ${detail.version}): published ${report.published.length}`;
});

/**
 * Invoked by the Scheduler tick (whose payload carries nothing it needs), by SessionChanged,
 * which moves a session's reminders, and by CohortChanged. Told of every change, it reads the
 * cohorts only daily otherwise, so an idle tick reads nothing.
 */
export const handler = middy<unknown, DispatchReport | ConsumerResult>()
  .use(injectLambdaContext(logger))
  .use(cohortsLoaded(cohorts, PLAN_REFRESH_MS))
  .handler(
    dispatchByDetailType(
      { [SessionChanged.detailType]: onSessionChanged, [CohortChanged.detailType]: onCohortChanged },
      () => dispatch(),
    ),
  );
