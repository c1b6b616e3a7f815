import type { BulkSender } from '../bulk/bulk-sender.ts';
import { documentClient } from '../clients/dynamodb.ts';
import { now } from '../clock.ts';
import { requireEnv } from '../config/env.ts';
import { ENV } from '../config/env-names.ts';
import { ApplicationRepository } from '../repository/applications.ts';
import type { SessionMailingDependencies } from './mailings.ts';
import { RosterRepository } from './roster-repository.ts';
import { SessionRepository } from './session-repository.ts';

/** What the session emails need, from the function's environment, sending through the process's paced sender. */
export function sessionMailingDependenciesFromEnvironment(
  sender: () => Promise<BulkSender>,
): SessionMailingDependencies {
  const tableName = requireEnv(ENV.tableName);
  return {
    applications: new ApplicationRepository(documentClient, tableName),
    rosters: new RosterRepository(documentClient, tableName),
    sessions: new SessionRepository(documentClient, tableName),
    sender,
    senderAddress: requireEnv(ENV.senderAddress),
    now,
  };
}
