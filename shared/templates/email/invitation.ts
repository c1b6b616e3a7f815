import {
  informationalMeetings,
  monthlySessions,
  planningMeeting,
  type ScheduledMeeting,
  windowState,
} from '../../domain/cohort/calendar.ts';
import type { CohortDefinition } from '../../domain/cohort/definition.ts';
import { type InviteeKind, zonesFor } from '../../domain/invitees.ts';
import { ZONE_CODES, type ZoneCode, zoneTitle } from '../../domain/zones.ts';
import { invitationAttachment, parseMailbox } from '../../platform/calendar/ics.ts';
import type { EmailAttachment, EmailContent } from '../../platform/email/message.ts';
import { html } from '../../platform/html/html.ts';
import { formatDate, formatTimeRange } from '../../platform/time/zoned.ts';
import {
  type Block,
  blockHtml,
  blockText,
  howToApplyBlocks,
  zoneDatesLine,
  zoneDatesSentence,
} from './invitation-blocks.ts';
import { emailLayout, TEXT_FOOTER } from './layout.ts';
import { withMeetingAccess } from './meeting-access.ts';
import { zoneSummary } from './zone-summaries.ts';

export interface InvitationEmailInput {
  readonly cohort: CohortDefinition;
  /** Who is invited (an Invitee fits). */
  readonly invitee: {
    readonly kind: InviteeKind;
    readonly organization: string;
    readonly contactName: string;
    readonly contactEmail: string;
    /** Zones the invitee said it is interested in; empty = every zone open to its kind. */
    readonly zoneInterest: readonly ZoneCode[];
  };
  /** The From address; the calendar invitations name it as organizer. */
  readonly senderAddress: string;
  readonly facilitatorEmails: readonly string[];
  /** The full URL of POST /applications, if the API's address is configured. */
  readonly applyUrl: string | undefined;
  /**
   * When it is sent, and the DTSTAMP of the calendar invitations: the windows already closed then, and the
   * meetings already begun, are left out.
   */
  readonly now: Date;
}

/** "info-meeting-2022-08-25.ics" */
export function infoMeetingFileName(meeting: Pick<ScheduledMeeting, 'date'>): string {
  return `info-meeting-${meeting.date}.ics`;
}

export function invitationSubject(cohort: CohortDefinition): string {
  return `You are invited to apply: SRSN ${cohort.name}`;
}

function zoneBlocks(zone: ZoneCode, input: InvitationEmailInput): Block[] {
  const { cohort, invitee } = input;
  const summary = zoneSummary(zone, cohort);
  const blocks: Block[] = [
    { kind: 'h2', text: zoneTitle(zone) },
    { kind: 'p', text: `${summary.whoApplies} ${zoneDatesSentence(zone, cohort)}` },
    { kind: 'p', text: 'The application holds:' },
    { kind: 'list', items: summary.applicationHolds },
    { kind: 'p', text: 'Participants commit to:' },
    { kind: 'list', items: summary.commitments },
  ];
  if (cohort.rollover.from === zone) {
    const verb = cohort.rollover.policy === 'accept' ? 'automatically accepted into' : 'automatically considered for';
    blocks.push({
      kind: 'p',
      text:
        `If ${invitee.organization} applies to the ${zoneTitle(zone)} and is not selected, it is ${verb} the ` +
        `${zoneTitle(cohort.rollover.to)} without another application.`,
    });
  }
  const meeting = planningMeeting(cohort);
  if (cohort.planningMeeting.zones.includes(zone) && meeting.start > input.now) {
    blocks.push({
      kind: 'p',
      text: withMeetingAccess(
        `Selected ${zone} districts meet at the ${meeting.title}: ` +
          `${formatTimeRange(meeting.start, meeting.end, cohort.timeZone)}, at ${meeting.location}`,
        meeting,
        '.',
      ),
    });
  }
  return blocks;
}

/**
 * The meetings still ahead when the invitation is sent. Sent late (an import after the invitation date, or years
 * later into a cohort whose CNZ never closes), it neither lists nor attaches a calendar invitation to a meeting
 * already held; on the invitation date every meeting is ahead.
 */
const ahead = (meetings: readonly ScheduledMeeting[], now: Date) => meetings.filter((meeting) => meeting.start > now);

function informationalBlocks(input: InvitationEmailInput): Block[] {
  const meetings = ahead(informationalMeetings(input.cohort), input.now);
  if (meetings.length === 0) return [];
  return [
    { kind: 'h2', text: 'Informational meetings' },
    {
      kind: 'p',
      text:
        'The facilitators host informational meetings about the application process and the commitments, with ' +
        `time for your questions. Each meeting's calendar invitation is attached (${meetings.length} files):`,
    },
    {
      kind: 'list',
      items: meetings.map((meeting) =>
        withMeetingAccess(
          `${formatTimeRange(meeting.start, meeting.end, input.cohort.timeZone)}, ${meeting.location}`,
          meeting,
          ` (${infoMeetingFileName(meeting)})`,
        ),
      ),
    },
  ];
}

function bodyBlocks(input: InvitationEmailInput): Block[] {
  const { cohort, invitee } = input;
  const timeZone = cohort.timeZone;
  const sessions = ahead(monthlySessions(cohort), input.now);
  const first = sessions[0];
  const last = sessions.at(-1);
  // Sent late (an import after the invitation date), the invitation leaves out the windows already closed
  // rather than invite to apply by a past due date; on the invitation date every window is open.
  const notClosed = (zone: ZoneCode) => windowState(cohort, zone, input.now) !== 'closed';
  return [
    { kind: 'h1', text: `You are invited to apply to the Innovation Zones, ${cohort.id}` },
    { kind: 'p', text: `Dear ${invitee.contactName},` },
    {
      kind: 'p',
      text:
        `The Success-Ready Students Network (SRSN) invites ${invitee.organization} to apply to the ` +
        `${cohort.name}. The Innovation Zones are a space where Missouri public school educators, partners and ` +
        'stakeholders engage in high quality professional learning on competency-based learning (CBL), used ' +
        'locally to support school improvement and statewide to inform system design.',
    },
    { kind: 'h2', text: 'The zones and their dates (Central time)' },
    { kind: 'list', items: ZONE_CODES.filter(notClosed).map((zone) => zoneDatesLine(zone, cohort)) },
    ...zonesFor(invitee)
      .filter(notClosed)
      .flatMap((zone) => zoneBlocks(zone, input)),
    ...(first && last
      ? [
          { kind: 'h2', text: 'Monthly professional learning sessions' } as const,
          {
            kind: 'p',
            text: withMeetingAccess(
              'Participants of every zone meet in monthly professional learning sessions from ' +
                `${formatDate(first.start, timeZone)} to ${formatDate(last.start, timeZone)}. Location: ` +
                `${first.location}`,
              first,
              '. The dates:',
            ),
          } as const,
          {
            kind: 'list',
            items: sessions.map((session) => formatTimeRange(session.start, session.end, timeZone)),
          } as const,
        ]
      : []),
    ...informationalBlocks(input),
    ...howToApplyBlocks({
      applyUrl: input.applyUrl,
      facilitatorEmails: input.facilitatorEmails,
      informationalMeetingsAhead: ahead(informationalMeetings(cohort), input.now).length > 0,
    }),
  ];
}

function attachments(input: InvitationEmailInput): EmailAttachment[] {
  const { cohort, invitee } = input;
  const organizer = parseMailbox(input.senderAddress);
  return ahead(informationalMeetings(cohort), input.now).map((meeting) =>
    invitationAttachment(
      {
        meeting,
        method: 'REQUEST',
        sequence: 0,
        organizer,
        attendees: [invitee.contactEmail],
        description:
          `${meeting.title} of the ${cohort.name} (${meeting.location}): the application process and the ` +
          'commitments, with time for questions. The email states the time in Central time.',
        stamp: input.now,
      },
      infoMeetingFileName(meeting),
    ),
  );
}

/**
 * The invitation to apply, to an invitee's contact: the zones with their dates, the
 * commitments of the zones open to it, the monthly sessions, the informational meetings
 * (one calendar invitation each, UID `<cohort>/info/<date>@srsn-innovation-zones`) and
 * how to apply.
 */
export function renderInvitation(input: InvitationEmailInput): EmailContent {
  const subject = invitationSubject(input.cohort);
  const blocks = bodyBlocks(input);
  const body = html`\n${blocks.map(blockHtml)}`;
  const text = blocks.map(blockText).join('\n\n') + TEXT_FOOTER;
  return { subject, html: emailLayout(subject, body), text, attachments: attachments(input) };
}
