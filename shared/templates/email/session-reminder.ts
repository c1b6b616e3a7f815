import type { ScheduledMeeting } from '../../domain/cohort/calendar.ts';
import type { CohortDefinition } from '../../domain/cohort/definition.ts';
import { zoneTitle } from '../../domain/zones.ts';
import { invitationAttachment, parseMailbox } from '../../platform/calendar/ics.ts';
import type { EmailAttachment, EmailContent } from '../../platform/email/message.ts';
import { html, type SafeHtml } from '../../platform/html/html.ts';
import { parseLocalDate } from '../../platform/time/local-date.ts';
import { formatTimeRange, localDateOf } from '../../platform/time/zoned.ts';
import { emailLayout, TEXT_FOOTER } from './layout.ts';
import { type Inline, inlineHtml, inlineText, withMeetingAccess } from './meeting-access.ts';
import { ROLE_NAMES } from './roster-confirmation.ts';
import type { AddresseeView, SessionView } from './view-models.ts';

/** A paragraph of a session email, rendered alike into the HTML part and the text part. */
export type SessionBlock =
  | { readonly kind: 'h1'; readonly text: string }
  | { readonly kind: 'p'; readonly text: Inline }
  | { readonly kind: 'link'; readonly label: string; readonly url: string };

export function sessionBlocksHtml(blocks: readonly SessionBlock[]): SafeHtml {
  return html`${blocks.map(sessionBlockHtml)}`;
}

function sessionBlockHtml(block: SessionBlock): SafeHtml {
  switch (block.kind) {
    case 'h1':
      return html`<h1 style="font-size: 20px;">${block.text}</h1>\n`;
    case 'p':
      return html`<p>${inlineHtml(block.text)}</p>\n`;
    case 'link':
      return html`<p>${block.label}: <a href="${block.url}">${block.url}</a></p>\n`;
  }
}

export function sessionBlocksText(blocks: readonly SessionBlock[]): string {
  return (
    blocks
      .map((block) => (block.kind === 'link' ? `${block.label}:\n${block.url}` : inlineText(block.text)))
      .join('\n\n') + TEXT_FOOTER
  );
}

export function renderSessionEmail(
  subject: string,
  blocks: readonly SessionBlock[],
  attachments: readonly EmailAttachment[] = [],
): EmailContent {
  return {
    subject,
    html: emailLayout(subject, sessionBlocksHtml(blocks)),
    text: sessionBlocksText(blocks),
    ...(attachments.length > 0 ? { attachments } : {}),
  };
}

/** "lead facilitator for Lindbergh Schools, System Design Zone (SDZ)" for each participant the addressee represents. */
export function representingSentence(addressee: AddresseeView): string {
  const parts = addressee.representing.map(
    (item) => `${ROLE_NAMES[item.role].replace(/ \(.*\)$/, '')} for ${item.organization}, ${zoneTitle(item.zone)}`,
  );
  return `You receive this as ${parts.join('; and as ')}.`;
}

/** Blocks for an addressee standing in for a participant that has named no lead facilitators yet. */
export function standInBlocks(addressee: AddresseeView, cohort: CohortDefinition): SessionBlock[] {
  return addressee.representing
    .filter((item) => item.role === 'contact')
    .map((item) => {
      const limit = cohort.rosterLimits[item.zone].leadFacilitators;
      return {
        kind: 'p' as const,
        text:
          `${item.organization} has not named its lead facilitators yet, so these emails come to you as its ` +
          `contact. Use the roster link in your selection email to name up to ${limit}; they then receive the ` +
          'session emails instead.',
      };
    });
}

/** "session-2022-10-12.ics": named by the scheduled date, the session's identity. */
export function sessionInvitationFile(session: Pick<SessionView, 'scheduled'>, cancelled = false): string {
  return `session-${session.scheduled.date}${cancelled ? '-cancelled' : ''}.ics`;
}

export function sessionDescription(meeting: ScheduledMeeting, cohort: CohortDefinition): string {
  return `${meeting.title} of the ${cohort.name}, ${meeting.location}. Times are in ${cohort.timeZone} (Central time).`;
}

/** The session's calendar invitation for one addressee: same UID every time, SEQUENCE from the session's changes. */
export function sessionInvitation(
  session: SessionView,
  cohort: CohortDefinition,
  addressee: AddresseeView,
  senderAddress: string,
  now: Date,
): EmailAttachment {
  const cancelled = session.status === 'cancelled';
  return invitationAttachment(
    {
      meeting: session.meeting,
      method: cancelled ? 'CANCEL' : 'REQUEST',
      sequence: session.sequence,
      organizer: parseMailbox(senderAddress),
      attendees: [addressee.email],
      description: cancelled
        ? `Cancelled: ${sessionDescription(session.meeting, cohort)}`
        : sessionDescription(session.meeting, cohort),
      stamp: now,
    },
    sessionInvitationFile(session, cancelled),
  );
}

/** "Tomorrow", "In 7 days", "Today". */
export function aheadLabel(offsetDays: number): string {
  if (offsetDays === 0) return 'Today';
  if (offsetDays === 1) return 'Tomorrow';
  return `In ${offsetDays} days`;
}

/**
 * Calendar days from `now` to the session's (current) date in the cohort's time zone: what a
 * reminder says ("Tomorrow", "In 7 days"), right even when a moved session is no longer
 * the number of days away that the reminder milestone was scheduled for.
 */
function daysUntil(session: Pick<SessionView, 'date'>, now: Date, timeZone: string): number {
  const today = parseLocalDate(localDateOf(now, timeZone));
  const day = parseLocalDate(session.date);
  return Math.round(
    (Date.UTC(day.year, day.month - 1, day.day) - Date.UTC(today.year, today.month - 1, today.day)) / 86_400_000,
  );
}

export interface SessionReminderInput {
  readonly cohort: CohortDefinition;
  readonly session: SessionView;
  /** The milestone's offset (its ledger key); the email counts the days to the session's current date. */
  readonly offsetDays: number;
  readonly addressee: AddresseeView;
  /** The From address; the invitation names it as organizer. */
  readonly senderAddress: string;
  readonly now: Date;
}

/** To one roster member, some days before a monthly session: when and where, with the invitation. */
export function renderSessionReminder(input: SessionReminderInput): EmailContent {
  const { cohort, session, addressee } = input;
  const meeting = session.meeting;
  const when = formatTimeRange(meeting.start, meeting.end, cohort.timeZone);
  // Counted to the session's current date: a moved session is not where the milestone's offset assumed.
  const subject = `${aheadLabel(daysUntil(session, input.now, cohort.timeZone))}: ${meeting.title}, ${when}`;
  const moved = session.status === 'moved';
  const attachment = sessionInvitation(session, cohort, addressee, input.senderAddress, input.now);
  const blocks: SessionBlock[] = [
    { kind: 'h1', text: meeting.title },
    { kind: 'p', text: `Dear ${addressee.name},` },
    {
      kind: 'p',
      text: withMeetingAccess(
        `The ${meeting.title} of the ${cohort.name} is on ${when}. Location: ${meeting.location}`,
        meeting,
        '.',
      ),
    },
    ...(moved
      ? [
          {
            kind: 'p' as const,
            text:
              'Please note: this session was moved from its scheduled time, ' +
              `${formatTimeRange(session.scheduled.start, session.scheduled.end, cohort.timeZone)}.`,
          },
        ]
      : []),
    {
      kind: 'p',
      text:
        `The calendar invitation is attached (${attachment.fileName}); it updates any earlier invitation for ` +
        'this session in your calendar.',
    },
    { kind: 'p', text: representingSentence(addressee) },
    ...standInBlocks(addressee, cohort),
    { kind: 'p', text: 'After the session, the video and the slides are posted and emailed to you.' },
  ];
  return renderSessionEmail(subject, blocks, [attachment]);
}
