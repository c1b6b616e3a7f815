import { documentClient } from '../platform/aws/dynamodb.ts';
import type { BulkSender } from '../platform/bulk/bulk-sender.ts';
import { optionalEnv, requireEmailList, requireEnv } from '../platform/config/env.ts';
import { ENV } from '../platform/config/env-names.ts';
import { now } from '../platform/time/clock.ts';
import type { CampaignDependencies } from './campaign.ts';
import { InviteeRepository } from './repository.ts';

/**
 * What the invitations and the deadline reminders need, from the function's environment, sending through the process's
 * paced sender.
 */
export function campaignDependenciesFromEnvironment(sender: () => Promise<BulkSender>): CampaignDependencies {
  const tableName = requireEnv(ENV.tableName);
  const publicApiUrl = optionalEnv(ENV.publicApiUrl);
  return {
    invitees: new InviteeRepository(documentClient, tableName),
    sender,
    senderAddress: requireEnv(ENV.senderAddress),
    facilitatorEmails: requireEmailList(ENV.facilitatorEmails),
    applyUrl: publicApiUrl ? `${publicApiUrl.replace(/\/+$/, '')}/applications` : undefined,
    now,
  };
}
