import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { resolveMaxSendRate } from '../bulk/max-send-rate.ts';
import { PacedSender } from '../bulk/paced-sender.ts';
import type { EmailSender } from '../email/send.ts';
import { BulkJobRepository } from '../repository/bulk-jobs.ts';
import { NotificationLedger } from '../repository/notification-ledger.ts';
import type { BulkSender } from './campaign.ts';

export interface CampaignSenderConfig {
  readonly documentClient: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly sesClient: SESv2Client;
  readonly email: EmailSender;
  /** SES_MAX_SEND_RATE: an operator's lower rate, or the local runtime's (its SES reports none). */
  readonly maxSendRateOverride: string | undefined;
  readonly now: () => Date;
}

/**
 * The campaign's paced sender, built on first use: it needs the account's maximum send
 * rate (one SES GetAccount per cold start unless overridden). A failed lookup is not
 * cached, so the retried event tries again.
 */
export function campaignSender(config: CampaignSenderConfig): () => Promise<BulkSender> {
  let pending: Promise<BulkSender> | undefined;
  return () => {
    pending ??= resolveMaxSendRate(config.sesClient, config.maxSendRateOverride).then(
      (maxPerSecond) =>
        new PacedSender({
          ledger: new NotificationLedger(config.documentClient, config.tableName),
          email: config.email,
          jobs: new BulkJobRepository(config.documentClient, config.tableName),
          now: config.now,
          maxPerSecond,
        }),
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };
}
