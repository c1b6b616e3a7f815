import type { SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { defined } from '../../defined.ts';
import type { SentMail } from '../ses-events.ts';
import { keyOfSent, kindOfKey } from './business-keys.ts';
import { localDate } from './season-calendar.ts';

/** What one recipient got for one business key: how often, when, and as To or Cc. */
export interface ReceivedEmail {
  count: number;
  /** Each send's virtual instant (ISO), in order. */
  readonly sentAt: string[];
  readonly role: 'to' | 'cc';
  readonly subject: string;
}

/** A link an applicant reads in an email and follows: the route and the secret it carries. */
export interface EmailLink {
  /** The API path, e.g. /applications/{id}/roster. */
  readonly path: string;
  readonly secret: string;
}

export interface DayCount {
  messages: number;
  recipients: number;
  readonly byKind: Map<string, { messages: number; recipients: number }>;
}

const ROSTER_LINK =
  /(https?:\/\/[^\s"<>]+)?(\/applications\/([a-z]+-\d{4}-\d{4}-[0-9a-f]+)\/roster)\?secret=([A-Za-z0-9_~.-]+)/;
const CLARIFICATION_LINK =
  /(\/applications\/([a-z]+-\d{4}-\d{4}-[0-9a-f]+)\/clarifications\/([A-Za-z0-9_-]+))\?secret=([A-Za-z0-9_~.-]+)/;

/**
 * Every email the runtime sent, as the replay observes it (one call per SES SendEmail, see
 * ses-events.ts onSentMail): kept per recipient and business key, counted per day, and read
 * for the links an applicant follows (roster and clarification). Message bodies are not kept.
 */
export class MailLog {
  readonly received = new Map<string, ReceivedEmail>();
  readonly days = new Map<string, DayCount>();
  /** By the application a result email was about: the roster link it carried (for a rollover, the new place's). */
  readonly rosterLinks = new Map<string, EmailLink & { applicationId: string }>();
  /** By application: the latest clarification's reply link. */
  readonly clarificationLinks = new Map<string, EmailLink>();
  messages = 0;
  recipients = 0;

  constructor(private readonly timeZone: string) {}

  static entryKey(address: string, key: string): string {
    return `${address.toLowerCase()}\u0000${key}`;
  }

  record(mail: SentMail, input: SendEmailCommandInput): void {
    const key = keyOfSent(mail.tags);
    const to = new Set(mail.to.map((address) => address.toLowerCase()));
    this.messages += 1;
    this.recipients += mail.destination.length;
    for (const address of mail.destination) {
      const entryKey = MailLog.entryKey(address, key);
      const entry = this.received.get(entryKey);
      if (entry) {
        entry.count += 1;
        entry.sentAt.push(mail.sentAt);
      } else {
        this.received.set(entryKey, {
          count: 1,
          sentAt: [mail.sentAt],
          role: to.has(address.toLowerCase()) ? 'to' : 'cc',
          subject: mail.subject,
        });
      }
    }
    this.count(mail, kindOfKey(key));
    this.readLinks(mail, input);
  }

  private count(mail: SentMail, kind: string): void {
    const day = localDate(new Date(mail.sentAt), this.timeZone);
    let counts = this.days.get(day);
    if (!counts) {
      counts = { messages: 0, recipients: 0, byKind: new Map() };
      this.days.set(day, counts);
    }
    counts.messages += 1;
    counts.recipients += mail.destination.length;
    const ofKind = counts.byKind.get(kind) ?? { messages: 0, recipients: 0 };
    ofKind.messages += 1;
    ofKind.recipients += mail.destination.length;
    counts.byKind.set(kind, ofKind);
  }

  private readLinks(mail: SentMail, input: SendEmailCommandInput): void {
    const kind = mail.tags.notification;
    if (kind !== 'result' && kind !== 'clarification-request') return;
    const text = input.Content?.Simple?.Body?.Text?.Data ?? '';
    const application = mail.tags.application ?? '';
    if (kind === 'result') {
      const match = ROSTER_LINK.exec(text);
      if (match)
        this.rosterLinks.set(application, {
          path: defined(match[2], 'the path of a roster link'),
          applicationId: defined(match[3], 'the application of a roster link'),
          secret: decodeURIComponent(defined(match[4], 'the secret of a roster link')),
        });
    } else {
      const match = CLARIFICATION_LINK.exec(text);
      if (match)
        this.clarificationLinks.set(application, {
          path: defined(match[1], 'the path of a clarification link'),
          secret: decodeURIComponent(defined(match[4], 'the secret of a clarification link')),
        });
    }
  }
}
