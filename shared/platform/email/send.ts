import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { documentClient } from '../aws/dynamodb.ts';
import { requireEnv } from '../config/env.ts';
import { ENV } from '../config/env-names.ts';
import type { EmailContent, EmailRecipients } from './message.ts';
import { normalizeAddress, SuppressionList } from './suppression-list.ts';

/** Finds the addresses the app must not mail (hard bounces, complaints). */
export interface SuppressionLookup {
  /** The suppressed ones among `addresses`, normalized (shared/platform/email/suppression-list.ts). */
  suppressedAmong(addresses: readonly string[]): Promise<ReadonlySet<string>>;
}

export interface EmailSenderConfig {
  readonly fromAddress: string;
  readonly configurationSetName: string;
  /**
   * The suppression list every send checks. Omitted: the app's list in the table named by
   * TABLE_NAME (every function that sends has the table), so no sender can forget it. A bulk
   * sender passes the list wrapped by coalescedSuppressionLookup, so the sends in flight
   * together share their reads.
   */
  readonly suppression?: SuppressionLookup;
}

export interface SendOptions {
  /**
   * Runs the SES request when its turn comes (a bulk sender's pace). Only the request is
   * paced, after the suppression check, so a slow check cannot bunch requests together.
   */
  readonly pace?: <T>(request: () => Promise<T>) => Promise<T>;
}

export interface SendResult {
  /** SES's id of the message; undefined when nothing was sent. */
  readonly messageId: string | undefined;
  /** Whom the message went to: the recipients asked for, less the suppressed ones. */
  readonly sentTo: EmailRecipients;
  /** Recipients left out because they are suppressed (as given). */
  readonly suppressed: readonly string[];
  /** True when every To address is suppressed: nothing was sent (not even to the Cc). */
  readonly skipped: boolean;
}

/**
 * Sends one email through SES v2 with both parts (and any attachments), tagged for delivery
 * feedback. Suppressed addresses are left out of every send; a message whose every To
 * address is suppressed is not sent at all.
 */
export class EmailSender {
  private readonly suppression: SuppressionLookup;

  constructor(
    private readonly client: SESv2Client,
    private readonly config: EmailSenderConfig,
  ) {
    this.suppression = config.suppression ?? new SuppressionList(documentClient, requireEnv(ENV.tableName));
  }

  async send(
    recipients: EmailRecipients,
    content: EmailContent,
    tags: Record<string, string>,
    options: SendOptions = {},
  ): Promise<SendResult> {
    const cc = recipients.cc ?? [];
    const blocked = await this.suppression.suppressedAmong([...recipients.to, ...cc]);
    const allowed = (address: string) => !blocked.has(normalizeAddress(address));
    const to = recipients.to.filter(allowed);
    const keptCc = cc.filter(allowed);
    const suppressed = [...recipients.to, ...cc].filter((address) => !allowed(address));
    if (to.length === 0) return { messageId: undefined, sentTo: { to: [], cc: [] }, suppressed, skipped: true };

    const command = new SendEmailCommand({
      FromEmailAddress: this.config.fromAddress,
      Destination: {
        ToAddresses: to,
        ...(keptCc.length > 0 ? { CcAddresses: keptCc } : {}),
      },
      Content: {
        Simple: {
          Subject: { Data: content.subject, Charset: 'UTF-8' },
          Body: {
            Html: { Data: content.html, Charset: 'UTF-8' },
            Text: { Data: content.text, Charset: 'UTF-8' },
          },
          ...(content.attachments && content.attachments.length > 0
            ? {
                Attachments: content.attachments.map((attachment) => ({
                  FileName: attachment.fileName,
                  // The SDK base64-encodes the bytes on the wire.
                  RawContent: Buffer.from(attachment.content, 'utf8'),
                  ContentType: attachment.contentType,
                  ContentDisposition: 'ATTACHMENT' as const,
                  ContentTransferEncoding: 'BASE64' as const,
                })),
              }
            : {}),
        },
      },
      ConfigurationSetName: this.config.configurationSetName,
      EmailTags: Object.entries(tags).map(([Name, Value]) => ({ Name, Value })),
    });
    const request = () => this.client.send(command);
    const result = await (options.pace ? options.pace(request) : request());
    return { messageId: result.MessageId, sentTo: { to, cc: keptCc }, suppressed, skipped: false };
  }
}
