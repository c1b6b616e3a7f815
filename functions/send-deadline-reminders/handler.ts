import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { documentClient } from '../../shared/clients/dynamodb.ts';
import { sesClient } from '../../shared/clients/ses.ts';
import { now } from '../../shared/clock.ts';
import { optionalEnv, requireEmailList, requireEnv } from '../../shared/config/env.ts';
import { ENV } from '../../shared/config/env-names.ts';
import { EmailSender } from '../../shared/email/send.ts';
import { DeadlineReminderDue } from '../../shared/events/season-milestones.ts';
import { remindDeadline } from '../../shared/invitations/campaign.ts';
import { InviteeRepository } from '../../shared/invitations/repository.ts';
import { campaignSender } from '../../shared/invitations/sender.ts';
import { logger } from '../../shared/logger.ts';
import { consumeEvent, type ConsumerResult } from '../../shared/middleware/event-consumer.ts';

const tableName = requireEnv(ENV.tableName);
const senderAddress = requireEnv(ENV.senderAddress);
const email = new EmailSender(sesClient, { fromAddress: senderAddress, configurationSetName: requireEnv(ENV.configurationSet) });
const publicApiUrl = optionalEnv(ENV.publicApiUrl);
const dependencies = {
  invitees: new InviteeRepository(documentClient, tableName),
  sender: campaignSender({ documentClient, tableName, sesClient, email, maxSendRateOverride: process.env.SES_MAX_SEND_RATE, now }),
  senderAddress,
  facilitatorEmails: requireEmailList(ENV.facilitatorEmails),
  applyUrl: publicApiUrl ? `${publicApiUrl.replace(/\/+$/, '')}/applications` : undefined,
  now,
};

/** Some days before a zone's due date: the invitees who have not applied to it get a reminder, once each. */
export const handler = middy<unknown, ConsumerResult>()
  .use(injectLambdaContext(logger))
  .handler(consumeEvent(DeadlineReminderDue, logger, (detail) => remindDeadline(detail, dependencies)));
