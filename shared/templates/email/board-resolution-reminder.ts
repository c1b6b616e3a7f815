import { applicantDisplayName } from '../../domain/applicant.ts';
import { sampleBoardResolution } from '../../domain/board-resolution.ts';
import { planningMeeting } from '../../domain/cohort/calendar.ts';
import type { CohortDefinition } from '../../domain/cohort/definition.ts';
import { zoneTitle } from '../../domain/zones.ts';
import type { EmailContent } from '../../platform/email/message.ts';
import { html } from '../../platform/html/html.ts';
import { formatDate, formatTimeRange } from '../../platform/time/zoned.ts';
import { emailLayout, TEXT_FOOTER } from './layout.ts';
import { inlineHtml, inlineText, withMeetingAccess } from './meeting-access.ts';
import { cadence } from './reminder-cadence.ts';
import type { ApplicationView } from './view-models.ts';

export interface BoardResolutionReminderInput {
  /** The selected SDZ application (an ApplicationRecord fits); `resultSent` once its result email went out. */
  readonly record: ApplicationView & { readonly resultSent?: { readonly sentAt: string } };
  readonly cohort: CohortDefinition;
  /** 1 for the first weekly reminder, 2 for the second, ... */
  readonly round: number;
  /** When this round fell due. */
  readonly dueAt: Date;
  /** When the next round falls due, if the season has one. */
  readonly nextReminderAt: Date | undefined;
  /** Where districts send the adopted resolution. */
  readonly facilitatorEmails: readonly string[];
}

/**
 * To a selected SDZ district's contact (copy to the superintendent) while its board
 * resolution is not recorded: what is missing, how to submit it, and the sample resolution.
 */
export function renderBoardResolutionReminder(input: BoardResolutionReminderInput): EmailContent {
  const { record, cohort, round } = input;
  const timeZone = cohort.timeZone;
  const application = record.application;
  const applicant = applicantDisplayName(application);
  const zone = zoneTitle('SDZ');
  const notifiedOn = record.resultSent ? formatDate(new Date(record.resultSent.sentAt), timeZone) : undefined;
  const facilitators = input.facilitatorEmails.join(', ');
  const resolution = sampleBoardResolution(cohort.id);

  const selectedLine = notifiedOn
    ? `${applicant} was selected for the ${zone} of the ${cohort.name}; we told you so on ${notifiedOn}.`
    : `${applicant} was selected for the ${zone} of the ${cohort.name}.`;
  const missingLine =
    `Participation in the ${zone} needs a resolution of your board of education supporting it, and we have not ` +
    `yet recorded one for ${applicant}.`;
  const steps = [
    `Ask your board of education to adopt a resolution supporting participation in the ${zone}; you may start ` +
      'from the sample below and adapt it.',
    'Email the adopted resolution (a signed copy, or a link to the board minutes) with the date it was adopted ' +
      `to the facilitation team at ${facilitators}, quoting the application reference ${record.applicationId}.`,
    'A facilitator records it; the reminders then stop.',
  ];
  const cadenceLine = input.nextReminderAt
    ? `This is reminder ${round}. Until the resolution is recorded, we will remind you ` +
      `${cadence(cohort.boardResolutionReminder.everyDays)}; the next reminder is due on ` +
      `${formatDate(input.nextReminderAt, timeZone)}.`
    : `This is reminder ${round}, the last one of the ${cohort.name}.`;
  const planning = planningMeeting(cohort);
  const planningLine =
    cohort.planningMeeting.zones.includes('SDZ') && input.dueAt < planning.start
      ? withMeetingAccess(
          `The ${planning.title} is on ${formatTimeRange(planning.start, planning.end, timeZone)} at ` +
            `${planning.location}`,
          planning,
          '.',
        )
      : undefined;

  const subject = `Board resolution needed: ${zone}, ${applicant}`;

  const body = html`
<h1 style="font-size: 20px;">Your board resolution for the ${zone}</h1>
<p>Dear ${application.contact.name},</p>
<p>${selectedLine}</p>
<p>${missingLine}</p>
<h2 style="font-size: 16px;">How to submit it</h2>
<ol>${steps.map((step) => html`<li>${step}</li>`)}</ol>
<p>${cadenceLine}</p>
${planningLine ? html`<p>${inlineHtml(planningLine)}</p>` : ''}
<p>Application reference: <strong>${record.applicationId}</strong></p>
<h2 style="font-size: 16px;">Sample board resolution</h2>
<pre style="white-space: pre-wrap; font-family: Georgia, 'Times New Roman', serif; font-size: 14px; background: \
#f5f7fa; border: 1px solid #d9e2ec; padding: 12px;">${resolution}</pre>`;

  const text =
    [
      `Your board resolution for the ${zone}`,
      '',
      `Dear ${application.contact.name},`,
      '',
      selectedLine,
      '',
      missingLine,
      '',
      'How to submit it',
      ...steps.map((step, index) => `${index + 1}. ${step}`),
      '',
      cadenceLine,
      ...(planningLine ? ['', inlineText(planningLine)] : []),
      '',
      `Application reference: ${record.applicationId}`,
      '',
      'Sample board resolution',
      '-----------------------',
      resolution.trimEnd(),
    ].join('\n') + TEXT_FOOTER;

  return { subject, html: emailLayout(subject, body), text };
}
