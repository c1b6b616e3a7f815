import type { CohortDefinition } from '../../domain/cohort/definition.ts';
import { type ZoneCode, zoneTitle } from '../../domain/zones.ts';
import type { EmailContent } from '../../platform/email/message.ts';
import { html } from '../../platform/html/html.ts';
import { formatDateTime } from '../../platform/time/zoned.ts';
import { emailLayout, TEXT_FOOTER } from './layout.ts';

export interface UndecidedApplication {
  readonly applicationId: string;
  readonly applicant: string;
  readonly status: string;
}

const STATUS_LABELS: Record<string, string> = {
  submitted: 'awaiting review',
  clarification_requested: 'clarification requested',
};

/** To the facilitators, once per release: the applications of the zone that had no decision, so got nothing. */
export function renderUndecidedAlert(
  cohort: CohortDefinition,
  zone: ZoneCode,
  release: { releasedAt: Date; releasedBy: 'schedule' | 'facilitator' },
  undecided: readonly UndecidedApplication[],
): EmailContent {
  const title = zoneTitle(zone);
  const count = undecided.length;
  const noun = `application${count === 1 ? '' : 's'}`;
  const subject = `Results released without a decision: ${title}, ${count} ${noun}`;
  const when = formatDateTime(release.releasedAt, cohort.timeZone);
  const how = release.releasedBy === 'schedule' ? 'on its notification date' : 'early, by a facilitator';
  const rows = undecided.map((item) => ({
    ...item,
    label: STATUS_LABELS[item.status] ?? item.status.replace('_', ' '),
  }));
  const command = (id: string) => `npx srsn send-result ${id}`;

  const body = html`
<h1 style="font-size: 20px;">${count} ${title} ${noun} got no result</h1>
<p>The ${title} results of the ${cohort.name} were released ${how} on ${when}. These ${noun} had no decision, so no \
result email went out:</p>
<table style="border-collapse: collapse;">
<tr><th style="text-align: left; padding: 4px 8px;">Application</th>\
<th style="text-align: left; padding: 4px 8px;">Applicant</th>\
<th style="text-align: left; padding: 4px 8px;">Status</th></tr>
${rows.map(
  (row) => html`<tr><td style="padding: 4px 8px;">${row.applicationId}</td>\
<td style="padding: 4px 8px;">${row.applicant}</td><td style="padding: 4px 8px;">${row.label}</td></tr>`,
)}
</table>
<p>Record a decision for each, then send its result with <code>POST \
/facilitator/applications/{applicationId}/send-result</code> (e.g. \
<code>${command(rows[0]?.applicationId ?? '<id>')}</code>).</p>`;

  const text =
    [
      `${count} ${title} ${noun} got no result`,
      '',
      `The ${title} results of the ${cohort.name} were released ${how} on ${when}. These ${noun} had no ` +
        'decision, so no result email went out:',
      '',
      ...rows.map((row) => `- ${row.applicationId}: ${row.applicant} (${row.label})`),
      '',
      'Record a decision for each, then send its result with POST ' +
        '/facilitator/applications/{applicationId}/send-result',
      `(e.g. ${command(rows[0]?.applicationId ?? 'ID')}).`,
    ].join('\n') + TEXT_FOOTER;

  return { subject, html: emailLayout(subject, body), text };
}
