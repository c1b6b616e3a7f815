import type { CohortDefinition } from '../../domain/cohort/definition.ts';
import { ZONE_CODES, type ZoneCode, zoneTitle } from '../../domain/zones.ts';
import type { EmailContent } from '../../platform/email/message.ts';
import { html } from '../../platform/html/html.ts';
import { formatDate, formatDateTime, zonedInstant } from '../../platform/time/zoned.ts';
import { emailLayout, TEXT_FOOTER } from './layout.ts';

export interface QueueCounts {
  readonly zone: ZoneCode;
  readonly byStatus: Readonly<Record<string, number>>;
}

const STATUS_LABELS: Record<string, string> = {
  submitted: 'awaiting review',
  clarification_requested: 'clarification requested',
  selected: 'selected',
  not_selected: 'not selected',
};

function describe(byStatus: Readonly<Record<string, number>>): { total: number; parts: string[] } {
  const entries = Object.entries(byStatus).filter(([, count]) => count > 0);
  return {
    total: entries.reduce((sum, [, count]) => sum + count, 0),
    parts: entries.map(([status, count]) => `${count} ${STATUS_LABELS[status] ?? status}`),
  };
}

/** To the facilitators when a zone's window closes: the queue of that zone, and every zone's counts. */
export function renderReviewQueueReady(
  cohort: CohortDefinition,
  closedZone: ZoneCode,
  closedAt: Date,
  counts: readonly QueueCounts[],
): EmailContent {
  const zone = zoneTitle(closedZone);
  const closed = describe(counts.find((entry) => entry.zone === closedZone)?.byStatus ?? {});
  const review = cohort.zones[closedZone].review;
  const reviewLine = review
    ? 'Review is scheduled from ' +
      `${formatDate(zonedInstant(review.from, '12:00', cohort.timeZone), cohort.timeZone)} to ` +
      `${formatDate(zonedInstant(review.to, '12:00', cohort.timeZone), cohort.timeZone)}.`
    : undefined;
  const rows = ZONE_CODES.map((code) => {
    const summary = describe(counts.find((entry) => entry.zone === code)?.byStatus ?? {});
    return { zone: zoneTitle(code), total: summary.total, detail: summary.parts.join(', ') || 'none' };
  });
  const subject = `Review queue ready: ${zone}, ${closed.total} application${closed.total === 1 ? '' : 's'}`;
  const when = formatDateTime(closedAt, cohort.timeZone);

  const body = html`
<h1 style="font-size: 20px;">The ${zone} review queue is ready</h1>
<p>Applications for the ${zone} of the ${cohort.name} closed on ${when}. The queue holds \
<strong>${closed.total}</strong> application${closed.total === 1 ? '' : 's'}.</p>
${reviewLine ? html`<p>${reviewLine}</p>` : ''}
<h2 style="font-size: 16px;">Applications per zone</h2>
<table style="border-collapse: collapse;">
<tr><th style="text-align: left; padding: 4px 8px;">Zone</th>\
<th style="text-align: right; padding: 4px 8px;">Total</th>\
<th style="text-align: left; padding: 4px 8px;">By status</th></tr>
${rows.map(
  (row) => html`<tr><td style="padding: 4px 8px;">${row.zone}</td>\
<td style="text-align: right; padding: 4px 8px;">${row.total}</td><td style="padding: 4px 8px;">${row.detail}</td>\
</tr>`,
)}
</table>
<p>List the queue with <code>npx srsn queue --cohort ${cohort.id} --zone ${closedZone}</code>.</p>`;

  const text =
    [
      `The ${zone} review queue is ready`,
      '',
      `Applications for the ${zone} of the ${cohort.name} closed on ${when}. The queue holds ${closed.total} ` +
        `application${closed.total === 1 ? '' : 's'}.`,
      ...(reviewLine ? ['', reviewLine] : []),
      '',
      'Applications per zone',
      ...rows.map((row) => `- ${row.zone}: ${row.total} (${row.detail})`),
      '',
      `List the queue with: npx srsn queue --cohort ${cohort.id} --zone ${closedZone}`,
    ].join('\n') + TEXT_FOOTER;

  return { subject, html: emailLayout(subject, body), text };
}
