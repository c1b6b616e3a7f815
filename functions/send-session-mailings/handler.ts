import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { resolveMaxSendRate } from '../../shared/bulk/max-send-rate.ts';
import { documentClient } from '../../shared/clients/dynamodb.ts';
import { sesClient } from '../../shared/clients/ses.ts';
import { now } from '../../shared/clock.ts';
import { optionalEnv, requireEnv } from '../../shared/config/env.ts';
import { ENV } from '../../shared/config/env-names.ts';
import { emailSenderFromEnvironment } from '../../shared/email/sender-from-environment.ts';
import { SessionChanged, SessionMaterialsPosted } from '../../shared/events/participation.ts';
import { PlanningMeetingReminderDue, SessionReminderDue } from '../../shared/events/season-milestones.ts';
import { logger } from '../../shared/logger.ts';
import { consumeEvent, type ConsumerResult } from '../../shared/middleware/event-consumer.ts';
import {
  sendPlanningMeetingReminders,
  sendSessionChange,
  sendSessionMaterials,
  sendSessionReminders,
  type SessionMailingDependencies,
} from '../../shared/participation/mailings.ts';
import { RosterRepository } from '../../shared/participation/roster-repository.ts';
import { SessionRepository } from '../../shared/participation/session-repository.ts';
import { ApplicationRepository } from '../../shared/repository/applications.ts';
import { AuditTrail } from '../../shared/repository/audit-trail.ts';
import { BulkJobRepository } from '../../shared/repository/bulk-jobs.ts';
import { NotificationLedger } from '../../shared/repository/notification-ledger.ts';

const tableName = requireEnv(ENV.tableName);
const senderAddress = requireEnv(ENV.senderAddress);
/** An operator's cap on the send rate (locally, the runtime's), else SES's own quota. */
const maxSendRateOverride = optionalEnv('SES_MAX_SEND_RATE');

let maxSendRate: Promise<number> | undefined;
const dependencies: SessionMailingDependencies = {
  applications: new ApplicationRepository(documentClient, tableName),
  rosters: new RosterRepository(documentClient, tableName),
  sessions: new SessionRepository(documentClient, tableName),
  ledger: new NotificationLedger(documentClient, tableName),
  email: emailSenderFromEnvironment(),
  jobs: new BulkJobRepository(documentClient, tableName),
  audit: new AuditTrail(documentClient, tableName),
  // Read once per cold start (GetAccount), unless overridden; a failed read is tried again next time.
  maxSendRate: () =>
    (maxSendRate ??= resolveMaxSendRate(sesClient, maxSendRateOverride).catch((error: unknown) => {
      maxSendRate = undefined;
      throw error;
    })),
  senderAddress,
  now,
};

/** One consumer per event type this function is the target of. */
const consumers: Readonly<Record<string, (event: unknown) => Promise<ConsumerResult>>> = {
  [SessionReminderDue.detailType]: consumeEvent(SessionReminderDue, logger, (detail) => sendSessionReminders(detail, dependencies)),
  [PlanningMeetingReminderDue.detailType]: consumeEvent(PlanningMeetingReminderDue, logger, (detail) => sendPlanningMeetingReminders(detail, dependencies)),
  [SessionChanged.detailType]: consumeEvent(SessionChanged, logger, (detail) => sendSessionChange(detail, dependencies)),
  [SessionMaterialsPosted.detailType]: consumeEvent(SessionMaterialsPosted, logger, (detail) => sendSessionMaterials(detail, dependencies)),
};

/**
 * The session emails to every roster member: reminders with the invitation, the planning
 * meeting notice, moved or cancelled sessions, posted materials. Each fan-out is paced at
 * SES's maximum rate, once per recipient; one function so that one worker paces them all.
 */
export const handler = middy<unknown, ConsumerResult>()
  .use(injectLambdaContext(logger))
  .handler(async (event) => {
    const detailType = typeof event === 'object' && event !== null ? (event as { 'detail-type'?: unknown })['detail-type'] : undefined;
    const consumer = typeof detailType === 'string' && Object.hasOwn(consumers, detailType) ? consumers[detailType] : undefined;
    if (!consumer) {
      logger.error('Discarded an event of a type this function does not consume', { detailType: String(detailType) });
      return { status: 'discarded', reason: `detail-type: must be one of ${Object.keys(consumers).join(', ')}` };
    }
    return consumer(event);
  });
