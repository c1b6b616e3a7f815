import { ApplicationRepository } from '../applications/repository.ts';
import { documentClient } from '../platform/aws/dynamodb.ts';
import type { BulkSender } from '../platform/bulk/bulk-sender.ts';
import { requireEnv } from '../platform/config/env.ts';
import { ENV } from '../platform/config/env-names.ts';
import { now } from '../platform/time/clock.ts';
import type { SessionMailingDependencies } from './mailings.ts';
import { RosterRepository } from './roster-repository.ts';
import { SessionRepository } from './session-repository.ts';

/**
 * What the session emails need, from the function's environment, sending through the process's
 * paced sender and learning a cohort's current version through `cohortVersion` (cohort-version-reader.ts).
 */
export function sessionMailingDependenciesFromEnvironment(
  sender: () => Promise<BulkSender>,
  cohortVersion: SessionMailingDependencies['cohortVersion'],
): SessionMailingDependencies {
  const tableName = requireEnv(ENV.tableName);
  return {
    applications: new ApplicationRepository(documentClient, tableName),
    rosters: new RosterRepository(documentClient, tableName),
    sessions: new SessionRepository(documentClient, tableName),
    sender,
    senderAddress: requireEnv(ENV.senderAddress),
    now,
    cohortVersion,
  };
}
