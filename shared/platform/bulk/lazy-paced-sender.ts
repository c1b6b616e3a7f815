import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditTrail } from '../dynamodb/audit-trail.ts';
import { ClaimLeaseRepository } from '../dynamodb/claim-leases.ts';
import { NotificationLedger } from '../email/notification-ledger.ts';
import type { EmailSender } from '../email/send.ts';
import { BulkJobRepository } from './bulk-jobs.ts';
import type { BulkSender } from './bulk-sender.ts';
import { resolveMaxSendRate } from './max-send-rate.ts';
import { PacedSender } from './paced-sender.ts';

export interface LazyPacedSenderConfig {
  readonly documentClient: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly sesClient: SESv2Client;
  readonly email: EmailSender;
  /** SES_MAX_SEND_RATE: an operator's lower rate, or the local runtime's (its SES reports none). */
  readonly maxSendRateOverride: string | undefined;
  readonly audit?: AuditTrail;
  readonly now: () => Date;
}

/**
 * The process's one paced sender, built on first use: it needs the account's maximum send
 * rate (one SES GetAccount per cold start unless overridden). Every bulk job of the process
 * shares it, so back-to-back jobs share one pace. A failed lookup is not cached, so the
 * retried event tries again.
 */
export function lazyPacedSender(config: LazyPacedSenderConfig): () => Promise<BulkSender> {
  let pending: Promise<BulkSender> | undefined;
  return () => {
    pending ??= resolveMaxSendRate(config.sesClient, config.maxSendRateOverride).then(
      (maxPerSecond) =>
        new PacedSender({
          ledger: new NotificationLedger(config.documentClient, config.tableName),
          leases: new ClaimLeaseRepository(config.documentClient, config.tableName),
          email: config.email,
          jobs: new BulkJobRepository(config.documentClient, config.tableName),
          now: config.now,
          maxPerSecond,
          ...(config.audit ? { audit: config.audit } : {}),
        }),
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };
}
