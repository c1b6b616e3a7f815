import type { CohortDefinition } from '../domain/cohort/definition.ts';
import { type ZoneCode, zoneTitle } from '../domain/zones.ts';
import { errorSummary } from '../platform/html/form.ts';
import { html, type SafeHtml } from '../platform/html/html.ts';
import { sitePage } from '../templates/pages/layout.ts';
import { EMPTY_FORM, FormFields, type FormState } from './form-fields.ts';
import { formSections } from './form-sections.ts';
import { applyPaths } from './paths.ts';
import { NOT_SET_YET, type ZoneWindowView, zoneName } from './zone-window.ts';

function mailtoList(addresses: readonly string[]): SafeHtml[] {
  return addresses.map((address, index) => html`${index > 0 ? ', ' : ''}<a href="mailto:${address}">${address}</a>`);
}

function backLink(cohort: CohortDefinition): SafeHtml {
  return html`<p><a href="${applyPaths.start(cohort.id)}">All zones of ${cohort.name}</a></p>`;
}

/**
 * The application form of an open zone, new or shown again with the values and errors of a
 * refused post (`state`): then the error summary comes first, and the title says "Error:". It
 * posts to its own address (POST /apply/{cohortId}/{zone}, which a later change adds); the ILDZ
 * form carries the letter of support, so it is multipart.
 */
export function formPage(
  cohort: CohortDefinition,
  zone: ZoneCode,
  window: ZoneWindowView,
  state: FormState = EMPTY_FORM,
): string {
  const title = `Apply to the ${zoneTitle(zone)}`;
  const enctype = zone === 'ILDZ' ? html` enctype="multipart/form-data"` : '';
  const fields = new FormFields(state);
  // Rendered first: the summary names each field as the sections label it.
  const sections = formSections(fields, cohort, zone);
  return sitePage(
    state.errors.length > 0 ? `Error: ${title}` : title,
    html`${backLink(cohort)}
${errorSummary(state.errors, fields.labelOf, fields.hasControl)}<h1>${title}</h1>
<p>${cohort.name}. Applications are due ${window.due}; results are sent ${
      window.notify === NOT_SET_YET ? 'on a date not set yet' : html`on ${window.notify}`
    } (Central time).</p>
<p>Every field is required unless it says optional.</p>
<form method="post" action="${applyPaths.form(cohort.id, zone)}" novalidate${enctype}>
${sections}
<p><button type="submit" class="button">Submit application</button></p>
</form>
`,
  );
}

/** What the form's address shows while its zone is not open: when it was (or will be), and whom to write to. */
export function windowNotOpenPage(
  cohort: CohortDefinition,
  zone: ZoneCode,
  window: ZoneWindowView,
  facilitatorEmails: readonly string[],
): string {
  const closed = window.state === 'closed';
  const title = closed
    ? `Applications to the ${zoneTitle(zone)} are closed`
    : `Applications to the ${zoneTitle(zone)} are not open yet`;
  const when = closed
    ? html`<p>Applications to ${zoneName(zone)} of ${cohort.name} were accepted until ${window.lastMinute}.</p>`
    : html`<p>Applications to ${zoneName(zone)} of ${cohort.name} are accepted from ${window.opens} (Central time).</p>`;
  return sitePage(
    title,
    html`${backLink(cohort)}
<h1>${title}</h1>
<div class="notice">${when}
<p>${closed ? 'If you have a question about a late application' : 'If you have a question'}, write to the facilitation team at ${mailtoList(facilitatorEmails)}.</p>
</div>
`,
  );
}
