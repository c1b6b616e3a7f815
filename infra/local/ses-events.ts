import { randomUUID } from 'node:crypto';
import type { SendEmailCommandInput, SendEmailCommandOutput } from '@aws-sdk/client-sesv2';
import {
  SES_SOURCE,
  SesEmailBounced,
  SesEmailComplaintReceived,
  SesEmailDelivered,
  SesEmailRejected,
} from '../../shared/delivery/ses-events.ts';
import { sesClient } from '../../shared/platform/aws/ses.ts';
import * as z from '../../shared/platform/schemas/zod.ts';
import type { PutEventsEntry } from './event-bus.ts';

/**
 * The local SES (aws-ses-v2-local) keeps messages but emits no sending events, and its store
 * drops the tags. So the runtime records what every SendEmail call carried (the same shared
 * client the handlers use), and POST /_local/ses-events turns a message into the event SES's
 * configuration set would publish for it (the shape of AWS's documented examples), put on the
 * local bus as the stack's forwarding rule would.
 */
export interface SentMail {
  readonly messageId: string;
  readonly from: string;
  readonly destination: readonly string[];
  readonly to: readonly string[];
  readonly subject: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly configurationSet: string | undefined;
  readonly sentAt: string;
}

/** Kept in memory for the life of the process; the oldest go first past this many. */
const MAX_RECORDED = 50_000;
const sent = new Map<string, SentMail>();
/**
 * The ids in the order sent, as a ring: evicting the oldest never iterates the map (its deleted slots made that slower
 * with every send).
 */
const sentOrder: Array<string | undefined> = [];
let nextSlot = 0;
let clock: () => Date = () => new Date();

/** Told of every message SES accepted, with the request it came from (its body included). */
export type SentMailListener = (mail: SentMail, input: SendEmailCommandInput) => void;
const listeners = new Set<SentMailListener>();

/**
 * Calls `listener` for each message sent from now on, at the virtual instant it was sent, so
 * a caller can follow every email without reading the local SES's whole store. Returns the
 * function that stops it.
 */
export function onSentMail(listener: SentMailListener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Starts recording sends (once per process; a restarted runtime just moves the clock). */
export function recordSentMail(now: () => Date): void {
  clock = now;
  sesClient.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === 'SendEmailCommand') {
        const input = args.input as SendEmailCommandInput;
        const messageId = (result.output as SendEmailCommandOutput).MessageId;
        if (messageId) remember(messageId, input);
      }
      return result;
    },
    { step: 'initialize', name: 'srsnLocalSentMailRecorder', override: true },
  );
}

function remember(messageId: string, input: SendEmailCommandInput): void {
  const to = input.Destination?.ToAddresses ?? [];
  const mail: SentMail = {
    messageId,
    from: input.FromEmailAddress ?? '',
    destination: [...to, ...(input.Destination?.CcAddresses ?? []), ...(input.Destination?.BccAddresses ?? [])],
    to,
    subject: input.Content?.Simple?.Subject?.Data ?? '',
    tags: Object.fromEntries((input.EmailTags ?? []).map((tag) => [tag.Name ?? '', tag.Value ?? ''])),
    configurationSet: input.ConfigurationSetName,
    sentAt: clock().toISOString(),
  };
  const evicted = sentOrder[nextSlot];
  if (evicted !== undefined) sent.delete(evicted);
  sentOrder[nextSlot] = messageId;
  nextSlot = (nextSlot + 1) % MAX_RECORDED;
  sent.set(messageId, mail);
  for (const listener of listeners) {
    // SES has accepted the message: an observer's failure must not look like a failed send (a retry would send it
    // twice).
    try {
      listener(mail, input);
    } catch (error) {
      console.error(`[ses] a sent-mail listener failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

export function sentMail(messageId: string): SentMail | undefined {
  return sent.get(messageId);
}

/** POST /_local/ses-events */
export const sesEventRequestSchema = z.strictObject({
  messageId: z.string().check(z.minLength(1), z.maxLength(256)),
  type: z.enum(['bounce', 'complaint', 'delivery', 'reject']),
  /** Which of the message's recipients it concerns; all of them when omitted. */
  recipients: z.optional(
    z.array(z.string().check(z.minLength(3), z.maxLength(320))).check(z.minLength(1), z.maxLength(100)),
  ),
  bounceType: z.optional(z.enum(['Permanent', 'Transient', 'Undetermined'])),
  bounceSubType: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
});
export type SesEventRequest = z.output<typeof sesEventRequestSchema>;

const DETAIL_TYPES = {
  bounce: SesEmailBounced.detailType,
  complaint: SesEmailComplaintReceived.detailType,
  delivery: SesEmailDelivered.detailType,
  reject: SesEmailRejected.detailType,
} as const;

/** The PutEvents entry of the SES event for a recorded message; recipients are checked by the caller. */
export function sesEventEntry(request: SesEventRequest, mail: SentMail, busName: string): PutEventsEntry {
  const now = clock().toISOString();
  const recipients = request.recipients ?? mail.destination;
  const fromDomain = mail.from.replace(/^.*@/, '').replace(/>.*$/, '');
  const configurationSet = mail.configurationSet ?? 'none';
  const detail: Record<string, unknown> = {
    eventType: { bounce: 'Bounce', complaint: 'Complaint', delivery: 'Delivery', reject: 'Reject' }[request.type],
    mail: {
      timestamp: mail.sentAt,
      source: mail.from,
      sourceArn: `arn:aws:ses:us-east-1:000000000000:identity/${fromDomain}`,
      sendingAccountId: '000000000000',
      messageId: mail.messageId,
      destination: mail.destination,
      headersTruncated: false,
      headers: [],
      commonHeaders: { from: [mail.from], to: mail.to, messageId: mail.messageId, subject: mail.subject },
      tags: {
        'ses:configuration-set': [configurationSet],
        'ses:from-domain': [fromDomain],
        'ses:caller-identity': ['local'],
        ...Object.fromEntries(Object.entries(mail.tags).map(([name, value]) => [name, [value]])),
      },
    },
  };
  const feedbackId = `local-${randomUUID()}`;
  if (request.type === 'bounce') {
    const bounceType = request.bounceType ?? 'Permanent';
    const permanent = bounceType === 'Permanent';
    detail.bounce = {
      feedbackId,
      bounceType,
      bounceSubType:
        request.bounceSubType ??
        (bounceType === 'Undetermined' ? 'Undetermined' : permanent ? 'General' : 'MailboxFull'),
      bouncedRecipients: recipients.map((emailAddress) => ({
        emailAddress,
        action: 'failed',
        status: permanent ? '5.1.1' : '4.2.2',
        diagnosticCode: permanent ? 'smtp; 550 5.1.1 user unknown' : 'smtp; 452 4.2.2 mailbox full',
      })),
      timestamp: now,
      reportingMTA: 'dns; localhost',
    };
  } else if (request.type === 'complaint') {
    detail.complaint = {
      feedbackId,
      complainedRecipients: recipients.map((emailAddress) => ({ emailAddress })),
      timestamp: now,
      complaintFeedbackType: 'abuse',
      arrivalDate: now,
      userAgent: 'local',
    };
  } else if (request.type === 'delivery') {
    detail.delivery = {
      timestamp: now,
      processingTimeMillis: 0,
      recipients,
      smtpResponse: '250 2.6.0 Message received',
      reportingMTA: 'localhost',
    };
  } else {
    detail.reject = { reason: 'Bad content' };
  }
  return {
    Source: SES_SOURCE,
    DetailType: DETAIL_TYPES[request.type],
    Detail: JSON.stringify(detail),
    Resources: [`arn:aws:ses:us-east-1:000000000000:configuration-set/${configurationSet}`],
    EventBusName: busName,
  };
}
