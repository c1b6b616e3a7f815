import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { InvitationsDue } from '../../shared/events/season-milestones.ts';
import { sendInvitations } from '../../shared/invitations/campaign.ts';
import { InviteesImported } from '../../shared/invitations/events.ts';
import { campaignDependenciesFromEnvironment } from '../../shared/invitations/campaign-dependencies.ts';
import { logger } from '../../shared/logger.ts';
import { consumeEvent, type ConsumerResult } from '../../shared/middleware/event-consumer.ts';

const dependencies = campaignDependenciesFromEnvironment();

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
