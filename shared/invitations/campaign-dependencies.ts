import { documentClient } from '../clients/dynamodb.ts';
import { sesClient } from '../clients/ses.ts';
import { now } from '../clock.ts';
import { optionalEnv, requireEmailList, requireEnv } from '../config/env.ts';
import { ENV } from '../config/env-names.ts';
import { emailSenderFromEnvironment } from '../email/sender-from-environment.ts';
import type { CampaignDependencies } from './campaign.ts';
import { InviteeRepository } from './repository.ts';
import { campaignSender } from './sender.ts';

/** What the invitations and the deadline reminders need, from the function's environment. */
export function campaignDependenciesFromEnvironment(): CampaignDependencies {
  const tableName = requireEnv(ENV.tableName);
  const publicApiUrl = optionalEnv(ENV.publicApiUrl);
  return {
    invitees: new InviteeRepository(documentClient, tableName),
    sender: campaignSender({ documentClient, tableName, sesClient, email: emailSenderFromEnvironment(), maxSendRateOverride: process.env.SES_MAX_SEND_RATE, now }),
    senderAddress: requireEnv(ENV.senderAddress),
    facilitatorEmails: requireEmailList(ENV.facilitatorEmails),
    applyUrl: publicApiUrl ? `${publicApiUrl.replace(/\/+$/, '')}/applications` : undefined,
    now,
  };
}
