import { type ApplicationParties, applicantDisplayName } from '../../domain/applicant.ts';
import { CBL_ELEMENTS } from '../../domain/cbl-elements.ts';
import type { CohortDefinition } from '../../domain/cohort/definition.ts';
import { type ZoneCode, zoneTitle } from '../../domain/zones.ts';
import type { EmailContent } from '../../platform/email/message.ts';
import { html } from '../../platform/html/html.ts';
import type { LocalDate } from '../../platform/time/local-date.ts';
import { formatDate, formatDateTime, zonedInstant } from '../../platform/time/zoned.ts';
import { emailLayout, TEXT_FOOTER } from './layout.ts';
import type { ApplicationView } from './view-models.ts';

/** The submitted application a receipt confirms (an ApplicationRecord fits). */
export interface ReceiptApplication extends ApplicationView {
  readonly submittedAt: string;
  readonly application: ApplicationParties & {
    readonly selfAssessment: readonly { readonly element: number; readonly rating: string }[];
  };
}

const RATING_LABELS: Record<string, string> = {
  not_started: 'Not started',
  emerging: 'Emerging',
  developing: 'Developing',
  implementing: 'Implementing',
  sustaining: 'Sustaining',
};

function day(date: LocalDate, cohort: CohortDefinition): string {
  // Noon avoids any DST edge when turning a calendar date into an instant to format.
  return formatDate(zonedInstant(date, '12:00', cohort.timeZone), cohort.timeZone);
}

/** The "what happens next" sentences for the zone, from the cohort's dates and rollover policy. */
function nextSteps(zone: ZoneCode, cohort: CohortDefinition): string[] {
  const calendar = cohort.zones[zone];
  const steps: string[] = [];
  if (calendar.review) {
    steps.push(
      `The facilitation team reviews ${zoneTitle(zone)} applications from ${day(calendar.review.from, cohort)} ` +
        `to ${day(calendar.review.to, cohort)}.`,
    );
  }
  if (calendar.notify) {
    steps.push(`You will be notified of the selection by ${day(calendar.notify, cohort)}.`);
  } else {
    steps.push('The facilitation team will write to you with the next steps and the notification date.');
  }
  if (cohort.rollover.from === zone) {
    const verb = cohort.rollover.policy === 'accept' ? 'automatically accepted into' : 'automatically considered for';
    steps.push(
      `If you are not selected for the ${zoneTitle(zone)}, you will be ${verb} the ` +
        `${zoneTitle(cohort.rollover.to)} without another application.`,
    );
  }
  steps.push('A member of the facilitation team may contact you if additional information or clarification is needed.');
  return steps;
}

/** The receipt sent to the applicant's contact (copy to the superintendent) after submission. */
export function renderReceipt(record: ReceiptApplication, cohort: CohortDefinition): EmailContent {
  const application = record.application;
  const applicant = applicantDisplayName(application);
  const zone = zoneTitle(record.zone);
  const submittedAt = formatDateTime(new Date(record.submittedAt), cohort.timeZone);
  const steps = nextSteps(record.zone, cohort);
  const ratings = [...application.selfAssessment]
    .sort((left, right) => left.element - right.element)
    .map((item) => ({
      element: item.element,
      statement: CBL_ELEMENTS[item.element - 1] ?? '',
      rating: RATING_LABELS[item.rating] ?? item.rating,
    }));

  const subject = `Application received: ${zone}, ${applicant}`;

  const body = html`
<h1 style="font-size: 20px;">We received your ${zone} application</h1>
<p>Dear ${application.contact.name},</p>
<p>Thank you. The ${zone} application from <strong>${applicant}</strong> for the ${cohort.name} was received \
on ${submittedAt}.</p>
<p>Application reference: <strong>${record.applicationId}</strong></p>
<h2 style="font-size: 16px;">What happens next</h2>
<ul>${steps.map((step) => html`<li>${step}</li>`)}</ul>
<h2 style="font-size: 16px;">Your self-assessment</h2>
<table style="border-collapse: collapse;">${ratings.map(
    (item) =>
      html`<tr><td style="padding: 4px 8px; vertical-align: top;">${item.element}.</td>\
<td style="padding: 4px 8px;">${item.statement}</td><td style="padding: 4px 8px; white-space: nowrap;">\
<strong>${item.rating}</strong></td></tr>`,
  )}</table>`;

  const text =
    [
      `We received your ${zone} application`,
      '',
      `Dear ${application.contact.name},`,
      '',
      `Thank you. The ${zone} application from ${applicant} for the ${cohort.name} was received on ${submittedAt}.`,
      '',
      `Application reference: ${record.applicationId}`,
      '',
      'What happens next',
      ...steps.map((step) => `- ${step}`),
      '',
      'Your self-assessment',
      ...ratings.map((item) => `${item.element}. [${item.rating}] ${item.statement}`),
    ].join('\n') + TEXT_FOOTER;

  return { subject, html: emailLayout(subject, body), text };
}
