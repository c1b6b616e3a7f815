import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { CohortRepository } from '../../shared/cohorts/cohort-repository.ts';
import { cohortVersionReader } from '../../shared/cohorts/cohort-version-reader.ts';
import { cohortsFromTable } from '../../shared/cohorts/cohorts-loaded.ts';
import { DeadlineReminderDue } from '../../shared/events/deadline-reminder-due.ts';
import { InvitationsDue } from '../../shared/events/invitations-due.ts';
import { InviteesImported } from '../../shared/events/invitees-imported.ts';
import { PlanningMeetingReminderDue } from '../../shared/events/planning-meeting-reminder-due.ts';
import { SessionChanged } from '../../shared/events/session-changed.ts';
import { SessionMaterialsPosted } from '../../shared/events/session-materials-posted.ts';
import { SessionReminderDue } from '../../shared/events/session-reminder-due.ts';
import { remindDeadline, sendInvitations } from '../../shared/invitations/campaign.ts';
import { campaignDependenciesFromEnvironment } from '../../shared/invitations/campaign-dependencies.ts';
import { sessionMailingDependenciesFromEnvironment } from '../../shared/participation/mailing-dependencies.ts';
import {
  sendPlanningMeetingReminders,
  sendSessionChange,
  sendSessionMaterials,
  sendSessionReminders,
} from '../../shared/participation/mailings.ts';
import { documentClient } from '../../shared/platform/aws/dynamodb.ts';
import { sesClient } from '../../shared/platform/aws/ses.ts';
import { lazyPacedSender } from '../../shared/platform/bulk/lazy-paced-sender.ts';
import { optionalEnv, requireEnv } from '../../shared/platform/config/env.ts';
import { ENV } from '../../shared/platform/config/env-names.ts';
import { AuditTrail } from '../../shared/platform/dynamodb/audit-trail.ts';
import { coalescedSuppressionLookup } from '../../shared/platform/email/coalesced-suppression.ts';
import { emailSenderFromEnvironment } from '../../shared/platform/email/sender-from-environment.ts';
import { SuppressionList } from '../../shared/platform/email/suppression-list.ts';
import { logger } from '../../shared/platform/logger.ts';
import { type ConsumerResult, consumeEvent } from '../../shared/platform/middleware/event-consumer.ts';
import {
  discardUnconsumed,
  dispatchByDetailType,
  type EventConsumer,
} from '../../shared/platform/middleware/event-dispatch.ts';
import { now } from '../../shared/platform/time/clock.ts';

const tableName = requireEnv(ENV.tableName);

/** One paced sender for every kind of bulk job: with one copy of this function, the pace holds for the account. */
const sender = lazyPacedSender({
  documentClient,
  tableName,
  sesClient,
  // The suppression checks of the messages in flight together share reads.
  email: emailSenderFromEnvironment(coalescedSuppressionLookup(new SuppressionList(documentClient, tableName))),
  // An operator's cap on the send rate (locally, the runtime's), else SES's own quota.
  maxSendRateOverride: optionalEnv('SES_MAX_SEND_RATE'),
  audit: new AuditTrail(documentClient, tableName),
  now,
});
const campaign = campaignDependenciesFromEnvironment(sender);
// A reminder mailing reads its cohort afresh as it starts and while it sends, so a change stops it at once.
const sessions = sessionMailingDependenciesFromEnvironment(
  sender,
  cohortVersionReader(new CohortRepository(documentClient, tableName)),
);

/** One consumer per event type this function is the target of. */
const consumers: Readonly<Record<string, EventConsumer>> = {
  [InvitationsDue.detailType]: consumeEvent(InvitationsDue, logger, (detail) =>
    sendInvitations({ cohort: detail.cohort }, campaign),
  ),
  [InviteesImported.detailType]: consumeEvent(InviteesImported, logger, (detail) =>
    sendInvitations({ cohort: detail.cohort, importId: detail.importId }, campaign),
  ),
  [DeadlineReminderDue.detailType]: consumeEvent(DeadlineReminderDue, logger, (detail) =>
    remindDeadline(detail, campaign),
  ),
  [SessionReminderDue.detailType]: consumeEvent(SessionReminderDue, logger, (detail) =>
    sendSessionReminders(detail, sessions),
  ),
  [PlanningMeetingReminderDue.detailType]: consumeEvent(PlanningMeetingReminderDue, logger, (detail) =>
    sendPlanningMeetingReminders(detail, sessions),
  ),
  [SessionChanged.detailType]: consumeEvent(SessionChanged, logger, (detail) => sendSessionChange(detail, sessions)),
  [SessionMaterialsPosted.detailType]: consumeEvent(SessionMaterialsPosted, logger, (detail) =>
    sendSessionMaterials(detail, sessions),
  ),
};

/**
 * Every email that goes to many recipients at once: the invitation campaign and its deadline
 * reminders, the session reminders with their invitations, the planning meeting notice, moved
 * or cancelled sessions, posted materials. Paced at SES's maximum rate, once per recipient;
 * one function (one copy at a time) so that overlapping jobs never add up past the account's rate.
 */
export const handler = middy<unknown, ConsumerResult>()
  .use(injectLambdaContext(logger))
  .use(cohortsFromTable())
  .handler(dispatchByDetailType(consumers, discardUnconsumed(logger)));
