import { informationalMeetings } from '../../domain/cohort/calendar.ts';
import type { CohortDefinition } from '../../domain/cohort/definition.ts';
import { type ZoneCode, zoneTitle } from '../../domain/zones.ts';
import type { EmailContent } from '../../platform/email/message.ts';
import { html } from '../../platform/html/html.ts';
import { formatTimeRange } from '../../platform/time/zoned.ts';
import { type Block, blockHtml, blockText, day, dueSentence, howToApplyBlocks } from './invitation-blocks.ts';
import { emailLayout, TEXT_FOOTER } from './layout.ts';
import { withMeetingAccess } from './meeting-access.ts';
import { zoneSummary } from './zone-summaries.ts';

export interface DeadlineReminderInput {
  readonly cohort: CohortDefinition;
  readonly zone: ZoneCode;
  readonly daysBefore: number;
  /** Who is reminded (an Invitee fits). */
  readonly invitee: { readonly organization: string; readonly contactName: string };
  readonly facilitatorEmails: readonly string[];
  readonly applyUrl: string | undefined;
  /** When the reminder is sent: informational meetings still ahead are mentioned, or none is offered. */
  readonly now: Date;
}

export function deadlineReminderSubject(cohort: CohortDefinition, zone: ZoneCode): string {
  const due = cohort.zones[zone].due;
  return `Reminder: ${zoneTitle(zone)} applications are due ${due ? day(due, cohort) : 'soon'}`;
}

/**
 * To an invitee who has not applied to a zone, some days before the zone's due date:
 * the due date (Central time, with the last minute applications are accepted), what the
 * application holds, and how to apply.
 */
export function renderDeadlineReminder(input: DeadlineReminderInput): EmailContent {
  const { cohort, zone, invitee } = input;
  const title = zoneTitle(zone);
  // "an Innovative Learning Design Zone", "a System Design Zone"
  const article = /^[aeiou]/i.test(title) ? 'an' : 'a';
  const summary = zoneSummary(zone, cohort);
  const due = dueSentence(zone, cohort) ?? 'soon';
  const ahead = informationalMeetings(cohort).filter((meeting) => meeting.start > input.now);
  const rollover =
    cohort.rollover.from === zone
      ? `If ${invitee.organization} applies to the ${title} and is not selected, it is ` +
        `${cohort.rollover.policy === 'accept' ? 'automatically accepted into' : 'automatically considered for'} ` +
        `the ${zoneTitle(cohort.rollover.to)} without another application.`
      : undefined;

  const blocks: Block[] = [
    {
      kind: 'h1',
      text: `${title} applications are due in ${input.daysBefore} day${input.daysBefore === 1 ? '' : 's'}`,
    },
    { kind: 'p', text: `Dear ${invitee.contactName},` },
    {
      kind: 'p',
      text:
        `We have not yet received ${article} ${title} application from ${invitee.organization} for the ${cohort.name}. ` +
        `Applications are due ${due}.`,
    },
    { kind: 'p', text: `${summary.whoApplies} The application holds:` },
    { kind: 'list', items: summary.applicationHolds },
    ...(rollover ? [{ kind: 'p', text: rollover } as const] : []),
    ...(ahead.length > 0
      ? [
          {
            kind: 'p',
            text: 'Informational meetings still ahead (the invitation you received has their calendar invitations):',
          } as const,
          {
            kind: 'list',
            items: ahead.map((meeting) =>
              withMeetingAccess(
                `${formatTimeRange(meeting.start, meeting.end, cohort.timeZone)}, ${meeting.location}`,
                meeting,
                '',
              ),
            ),
          } as const,
        ]
      : []),
    ...howToApplyBlocks({
      applyUrl: input.applyUrl,
      facilitatorEmails: input.facilitatorEmails,
      informationalMeetingsAhead: ahead.length > 0,
    }),
    {
      kind: 'p',
      text:
        `If ${invitee.organization} has decided not to apply to the ${title}, please disregard this reminder. If ` +
        `you believe you have applied, write to the facilitation team at ${input.facilitatorEmails.join(', ')} ` +
        'with your application reference.',
    },
  ];
  const subject = deadlineReminderSubject(cohort, zone);
  const body = html`\n${blocks.map(blockHtml)}`;
  const text = blocks.map(blockText).join('\n\n') + TEXT_FOOTER;
  return { subject, html: emailLayout(subject, body), text };
}
