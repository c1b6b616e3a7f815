import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { documentClient } from '../../shared/clients/dynamodb.ts';
import { eventBridgeClient } from '../../shared/clients/eventbridge.ts';
import { now } from '../../shared/clock.ts';
import { requireEnv } from '../../shared/config/env.ts';
import { ENV } from '../../shared/config/env-names.ts';
import { EventPublisher } from '../../shared/events/publish.ts';
import { logger } from '../../shared/logger.ts';
import { NotificationLedger } from '../../shared/repository/notification-ledger.ts';
import { dispatchMilestones, type DispatchReport } from '../../shared/season/dispatch-milestones.ts';

const tableName = requireEnv(ENV.tableName);
const dependencies = {
  ledger: new NotificationLedger(documentClient, tableName),
  publisher: new EventPublisher(eventBridgeClient, requireEnv(ENV.eventBusName)),
  now,
};

/** Invoked by the Scheduler tick; the tick's own payload carries nothing it needs. */
export const handler = middy<unknown, DispatchReport>()
  .use(injectLambdaContext(logger))
  .handler(async () => {
    const report = await dispatchMilestones(dependencies);
    if (report.published.length > 0 || report.skippedInProgress.length > 0) logger.info('Milestones dispatched', { ...report });
    return report;
  });
