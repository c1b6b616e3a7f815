import { applicantDisplayName } from '../../domain/applicant.ts';
import { monthlySessions } from '../../domain/cohort/calendar.ts';
import type { CohortDefinition } from '../../domain/cohort/definition.ts';
import { zoneTitle } from '../../domain/zones.ts';
import type { EmailContent } from '../../platform/email/message.ts';
import { html } from '../../platform/html/html.ts';
import { formatDateTime, formatTimeRange } from '../../platform/time/zoned.ts';
import { emailLayout, TEXT_FOOTER } from './layout.ts';
import { inlineHtml, inlineText, withMeetingAccess } from './meeting-access.ts';
import type { ApplicationView, RosterMemberView, RosterRoleView } from './view-models.ts';

/** A roster as one of its versions left it (participation's Roster fits). */
export interface RosterView {
  /** 1 for the first roster named, one more for each change. */
  readonly version: number;
  readonly members: readonly RosterMemberView[];
  /** The members of the version before (none for version 1). */
  readonly previousMembers: readonly RosterMemberView[];
  readonly updatedAt: string;
}

export interface RosterConfirmationInput {
  readonly record: ApplicationView;
  readonly cohort: CohortDefinition;
  readonly roster: RosterView;
  /** Now: the next sessions listed are the ones still ahead. */
  readonly now: Date;
  /** Addresses not copied on this version: they already had a roster email about this application today. */
  readonly notCopied?: readonly string[];
}

export const ROLE_NAMES: Readonly<Record<RosterRoleView | 'contact', string>> = {
  'lead-facilitator': 'lead facilitator',
  representative: 'designated representative',
  alternate: 'designated alternate',
  contact: 'contact (standing in until lead facilitators are named)',
};

function memberLine(member: RosterMemberView): string {
  return `${member.name}, ${member.title} <${member.email}> (${ROLE_NAMES[member.role]})`;
}

/**
 * To the participant's contact, copying every member named: the roster as it now stands
 * (one email per version), what changed, and what the members receive.
 */
export function renderRosterConfirmation(input: RosterConfirmationInput): EmailContent {
  const { record, cohort, roster } = input;
  const applicant = applicantDisplayName(record.application);
  const zone = zoneTitle(record.zone);
  const leads = roster.members.some((member) => member.role === 'lead-facilitator');
  const what = leads ? 'lead facilitators' : 'representative and alternate';
  const subject =
    `${leads ? 'Lead facilitators' : 'Representative and alternate'} ` +
    `${roster.version === 1 ? 'confirmed' : 'updated'}: ${applicant}, ${zone}`;

  const before = new Set(roster.previousMembers.map((member) => member.email));
  const after = new Set(roster.members.map((member) => member.email));
  const added = roster.members.filter((member) => !before.has(member.email));
  const removed = roster.previousMembers.filter((member) => !after.has(member.email));
  const changes: string[] =
    roster.version === 1
      ? []
      : [
          ...added.map((member) => `Added: ${member.name} <${member.email}>`),
          ...removed.map((member) => `Removed: ${member.name} <${member.email}> (no further session emails)`),
          ...(added.length === 0 && removed.length === 0
            ? ['Names, titles or roles changed; the same people take part.']
            : []),
        ];

  const upcoming = monthlySessions(cohort).filter((session) => session.start > input.now);
  const next = upcoming[0];
  const offsets = [...cohort.reminderOffsetsDays].sort((left, right) => right - left);
  const reminderLine =
    'Each person above receives an email with a calendar invitation ' +
    `${offsets.map((days) => (days === 1 ? '1 day' : `${days} days`)).join(' and ')} before every monthly ` +
    'session, any change to a session, and the video and slides after each session.';
  const nextLine = next
    ? withMeetingAccess(
        `The next session: ${formatTimeRange(next.start, next.end, cohort.timeZone)}, ${next.location}`,
        next,
        '.',
      )
    : `The monthly sessions of the ${cohort.name} are over.`;
  const intro =
    `The ${what} of ${applicant} for the ${zone} of the ${cohort.name} are recorded as of ` +
    `${formatDateTime(new Date(roster.updatedAt), cohort.timeZone)} (version ${roster.version}):`;
  const changeLine =
    'To change them at any time, use the roster link in your selection email; each change is confirmed like this one.';
  const notCopied = input.notCopied ?? [];
  const notCopiedLine =
    notCopied.length > 0
      ? `Not copied on this update, as they already received a roster email about this application today: ` +
        `${notCopied.join(', ')}.`
      : undefined;

  const body = html`
<h1 style="font-size: 20px;">${subject}</h1>
<p>Dear ${record.application.contact.name},</p>
<p>${intro}</p>
<ul>${roster.members.map((member) => html`<li>${memberLine(member)}</li>`)}</ul>
${
  changes.length > 0
    ? html`<h2 style="font-size: 16px;">What changed</h2>\
<ul>${changes.map((line) => html`<li>${line}</li>`)}</ul>`
    : ''
}
<p>${reminderLine}</p>
<p>${inlineHtml(nextLine)}</p>
<p>${changeLine}</p>
${notCopiedLine ? html`<p>${notCopiedLine}</p>` : ''}
<p>Application reference: <strong>${record.applicationId}</strong></p>`;

  const text =
    [
      subject,
      '',
      `Dear ${record.application.contact.name},`,
      '',
      intro,
      ...roster.members.map((member) => `- ${memberLine(member)}`),
      ...(changes.length > 0 ? ['', 'What changed', ...changes.map((line) => `- ${line}`)] : []),
      '',
      reminderLine,
      '',
      inlineText(nextLine),
      '',
      changeLine,
      ...(notCopiedLine ? ['', notCopiedLine] : []),
      '',
      `Application reference: ${record.applicationId}`,
    ].join('\n') + TEXT_FOOTER;

  return { subject, html: emailLayout(subject, body), text };
}
