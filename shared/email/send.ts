import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { EmailContent, EmailRecipients } from './message.ts';

export interface EmailSenderConfig {
  readonly fromAddress: string;
  readonly configurationSetName: string;
}

/** Sends one email through SES v2 with both parts (and any attachments), tagged for delivery feedback. */
export class EmailSender {
  constructor(
    private readonly client: SESv2Client,
    private readonly config: EmailSenderConfig,
  ) {}

  async send(recipients: EmailRecipients, content: EmailContent, tags: Record<string, string>): Promise<{ messageId: string | undefined }> {
    const result = await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.config.fromAddress,
        Destination: {
          ToAddresses: [...recipients.to],
          ...(recipients.cc && recipients.cc.length > 0 ? { CcAddresses: [...recipients.cc] } : {}),
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
      }),
    );
    return { messageId: result.MessageId };
  }
}
