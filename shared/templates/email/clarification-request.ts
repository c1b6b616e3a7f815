import { applicantDisplayName } from '../../domain/applicant.ts';
import type { CohortDefinition } from '../../domain/cohort/definition.ts';
import { zoneTitle } from '../../domain/zones.ts';
import type { EmailContent } from '../../platform/email/message.ts';
import { html } from '../../platform/html/html.ts';
import { formatDateTime } from '../../platform/time/zoned.ts';
import { emailLayout, TEXT_FOOTER } from './layout.ts';
import type { ApplicationView } from './view-models.ts';

/** The question the email asks (a Clarification fits). */
export interface ClarificationView {
  readonly clarificationId: string;
  readonly question: string;
  readonly requestedAt: string;
}

export interface ClarificationReplyPath {
  /** Shows the question and how to answer it (GET, the secret in the query). */
  readonly viewUrl: string;
  /** Takes the answer (POST, JSON body with the secret and the answer). */
  readonly answerUrl: string;
  /** The application's secret; only the applicant receives it. */
  readonly secret: string;
}

/**
 * To the applicant's contact (copy to the superintendent): a facilitator's question,
 * and the reply path that carries the application's secret.
 */
export function renderClarificationRequest(
  record: ApplicationView,
  clarification: ClarificationView,
  cohort: CohortDefinition,
  reply: ClarificationReplyPath,
): EmailContent {
  const application = record.application;
  const applicant = applicantDisplayName(application);
  const zone = zoneTitle(record.zone);
  const askedAt = formatDateTime(new Date(clarification.requestedAt), cohort.timeZone);
  const questionLines = clarification.question.split(/\r?\n/);
  const answerBody = JSON.stringify({ secret: reply.secret, answer: 'your answer' });

  const subject = `Clarification requested: ${zone}, ${applicant}`;

  const body = html`
<h1 style="font-size: 20px;">A question about your ${zone} application</h1>
<p>Dear ${application.contact.name},</p>
<p>The facilitation team reviewing the ${zone} application from <strong>${applicant}</strong> for the ${cohort.name} \
needs additional information. This question was asked on ${askedAt}:</p>
<blockquote style="margin: 16px 0; padding: 8px 16px; border-left: 4px solid #9fb3c8; background: \
#f0f4f8;">${questionLines.map((line, index) => html`${index > 0 ? html`<br>` : ''}${line}`)}</blockquote>
<p>Application reference: <strong>${record.applicationId}</strong>\
<br>Question reference: <strong>${clarification.clarificationId}</strong></p>
<h2 style="font-size: 16px;">How to reply</h2>
<p><a href="${reply.viewUrl}">Open the question and the reply instructions</a>.</p>
<p>Or send your answer directly: a <code>POST</code> request to <code>${reply.answerUrl}</code> with the JSON body \
<code>${answerBody}</code>.</p>
<p>Until you answer, the application waits in the review queue as "clarification requested"; once you answer, it goes \
back to review.</p>
<p style="font-size: 13px; color: #52606d;">The link and the secret in this email are personal to this application: \
anyone who has them can answer for you, so please do not forward this email.</p>`;

  const text =
    [
      `A question about your ${zone} application`,
      '',
      `Dear ${application.contact.name},`,
      '',
      `The facilitation team reviewing the ${zone} application from ${applicant} for the ${cohort.name} needs ` +
        `additional information. This question was asked on ${askedAt}:`,
      '',
      ...questionLines.map((line) => `> ${line}`),
      '',
      `Application reference: ${record.applicationId}`,
      `Question reference: ${clarification.clarificationId}`,
      '',
      'How to reply',
      'Open the question and the reply instructions:',
      reply.viewUrl,
      '',
      'Or send your answer directly: a POST request to',
      reply.answerUrl,
      'with the JSON body',
      answerBody,
      '',
      'Until you answer, the application waits in the review queue as "clarification requested"; once you ' +
        'answer, it goes back to review.',
      '',
      'The link and the secret in this email are personal to this application: anyone who has them can answer ' +
        'for you, so please do not forward this email.',
    ].join('\n') + TEXT_FOOTER;

  return { subject, html: emailLayout(subject, body), text };
}
