import type { CohortDefinition } from '../domain/cohort/definition.ts';
import { ZONE_CODES, type ZoneCode, zoneTitle } from '../domain/zones.ts';
import { html, type SafeHtml } from '../platform/html/html.ts';
import { zoneSummary } from '../templates/email/zone-summaries.ts';
import { sitePage } from '../templates/pages/layout.ts';
import { applyPaths } from './paths.ts';
import { type ZoneWindowView, zoneName, zoneWindow } from './zone-window.ts';

function windowLine(window: ZoneWindowView): SafeHtml {
  switch (window.state) {
    case 'open':
      return html`<p class="status status-open">Open now: applications are accepted.</p>`;
    case 'not_open':
      return html`<p class="status">Not open yet: applications are accepted from ${window.opens}.</p>`;
    case 'closed':
      return html`<p class="status status-closed">Closed: applications were accepted until ${window.lastMinute}.</p>`;
  }
}

function zoneSection(cohort: CohortDefinition, zone: ZoneCode, now: Date): SafeHtml {
  const texts = cohort.zoneTexts[zone];
  const summary = zoneSummary(zone, cohort);
  const window = zoneWindow(cohort, zone, now);
  const headingId = `zone-${zone}`;
  return html`<section class="zone" aria-labelledby="${headingId}">
<h2 id="${headingId}">${zoneTitle(zone)}</h2>
<p>${texts.description}</p>
<h3>Who may apply</h3>
<p>${summary.whoApplies}</p>
<h3>What the application asks for</h3>
<ul>${summary.applicationHolds.map((item) => html`<li>${item}</li>`)}</ul>
<h3>Commitments</h3>
<ul>${summary.commitments.map((item) => html`<li>${item}</li>`)}</ul>
<h3>Dates (Central time)</h3>
<dl>
<dt>Applications due</dt><dd>${window.due}</dd>
<dt>Results sent</dt><dd>${window.notify}</dd>
</dl>
${windowLine(window)}
${
  window.state === 'open'
    ? html`<p><a class="button" href="${applyPaths.form(cohort.id, zone)}">Apply to ${zoneName(zone)}</a></p>`
    : ''
}
</section>
`;
}

/** The start page of a cohort: each zone, who may apply, its commitments and dates, and a link to each open zone's form. */
export function startPage(cohort: CohortDefinition, now: Date): string {
  return sitePage(
    `Apply to ${cohort.name}`,
    html`<h1>Apply to ${cohort.name}</h1>
<p>Innovation Zones has three zones. Choose the zone that best fits where your organization is today: each zone
meets participants where they are. Submitting an application is agreement to the zone's commitments.</p>
${ZONE_CODES.map((zone) => zoneSection(cohort, zone, now))}`,
  );
}
