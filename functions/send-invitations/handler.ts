import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { documentClient } from '../../shared/clients/dynamodb.ts';
import { sesClient } from '../../shared/clients/ses.ts';
import { now } from '../../shared/clock.ts';
import { optionalEnv, requireEmailList, requireEnv } from '../../shared/config/env.ts';
import { ENV } from '../../shared/config/env-names.ts';
import { EmailSender } from '../../shared/email/send.ts';
import { InvitationsDue } from '../../shared/events/season-milestones.ts';
import { sendInvitations } from '../../shared/invitations/campaign.ts';
import { InviteesImported } from '../../shared/invitations/events.ts';
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

const onInvitationsDue = consumeEvent(InvitationsDue, logger, (detail) => sendInvitations({ cohort: detail.cohort }, dependencies));
const onInviteesImported = consumeEvent(InviteesImported, logger, (detail) => sendInvitations({ cohort: detail.cohort, importId: detail.importId }, dependencies));

/**
 * The invitation campaign: on the cohort's invitation date (InvitationsDue) every invitee
 * gets the invitation; after it, each import (InviteesImported) invites the new ones. Once
 * per invitee either way, paced to the account's send rate.
 */
export const handler = middy<unknown, ConsumerResult>()
  .use(injectLambdaContext(logger))
  .handler((event) =>
    (event as { 'detail-type'?: unknown } | null)?.['detail-type'] === InviteesImported.detailType ? onInviteesImported(event) : onInvitationsDue(event),
  );
