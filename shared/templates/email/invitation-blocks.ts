import { applicationWindow } from '../../domain/cohort/calendar.ts';
import type { CohortDefinition } from '../../domain/cohort/definition.ts';
import { type ZoneCode, zoneTitle } from '../../domain/zones.ts';
import { html, type SafeHtml } from '../../platform/html/html.ts';
import type { LocalDate } from '../../platform/time/local-date.ts';
import { formatDate, formatTime, zonedInstant } from '../../platform/time/zoned.ts';
import { type Inline, inlineHtml, inlineText } from './meeting-access.ts';

/**
 * The building blocks the invitation and the deadline reminder share: a message is a list
 * of blocks, rendered the same way into the HTML part (escaped by the `html` tag) and the
 * plain-text part.
 */
export type Block =
  | { readonly kind: 'h1' | 'h2'; readonly text: string }
  | { readonly kind: 'p'; readonly text: Inline }
  | { readonly kind: 'list'; readonly items: readonly Inline[] };

export function blockHtml(block: Block): SafeHtml {
  switch (block.kind) {
    case 'h1':
      return html`<h1 style="font-size: 20px;">${block.text}</h1>\n`;
    case 'h2':
      return html`<h2 style="font-size: 16px;">${block.text}</h2>\n`;
    case 'p':
      return html`<p>${inlineHtml(block.text)}</p>\n`;
    case 'list':
      return html`<ul>${block.items.map((item) => html`<li>${inlineHtml(item)}</li>`)}</ul>\n`;
  }
}

export function blockText(block: Block): string {
  switch (block.kind) {
    case 'h1':
      return `${block.text}\n${'='.repeat(Math.min(block.text.length, 72))}`;
    case 'h2':
      return `${block.text}\n${'-'.repeat(Math.min(block.text.length, 72))}`;
    case 'p':
      return inlineText(block.text);
    case 'list':
      return block.items.map((item) => `- ${inlineText(item)}`).join('\n');
  }
}

/** "Friday, September 9, 2022": a calendar date of the cohort, spelled out. */
export function day(date: LocalDate, cohort: CohortDefinition): string {
  // Noon avoids any DST edge when turning a calendar date into an instant to format.
  return formatDate(zonedInstant(date, '12:00', cohort.timeZone), cohort.timeZone);
}

/**
 * When a zone's applications are due, spelled out with the last minute they are accepted:
 * "Friday, September 9, 2022 (applications are accepted until 11:59 PM CDT that day)".
 * Undefined when the cohort has set no due date.
 */
export function dueSentence(zone: ZoneCode, cohort: CohortDefinition): string | undefined {
  const due = cohort.zones[zone].due;
  const closesAt = applicationWindow(cohort, zone).closesAt;
  if (due === null || closesAt === null) return undefined;
  const lastMinute = new Date(closesAt.getTime() - 60_000);
  return `${day(due, cohort)} (applications are accepted until ${formatTime(lastMinute, cohort.timeZone)} that day)`;
}

/** A zone's due date and notification date, in Central time: "applications due ...; selection notified by ...". */
function zoneDates(zone: ZoneCode, cohort: CohortDefinition): string {
  const due = dueSentence(zone, cohort);
  const notify = cohort.zones[zone].notify;
  const dueText = due ? `applications due ${due}` : 'applications are open; the due date will be announced';
  const notifyText = notify ? `; selection notified by ${day(notify, cohort)}` : '';
  return `${dueText}${notifyText}.`;
}

/** One line per zone: its name, due date and notification date. */
export function zoneDatesLine(zone: ZoneCode, cohort: CohortDefinition): string {
  return `${zoneTitle(zone)}: ${zoneDates(zone, cohort)}`;
}

/** The same as a sentence of its own: "Applications due ...; selection notified by ...". */
export function zoneDatesSentence(zone: ZoneCode, cohort: CohortDefinition): string {
  const dates = zoneDates(zone, cohort);
  return dates.charAt(0).toUpperCase() + dates.slice(1);
}

export interface HowToApply {
  /** The full URL of POST /applications; undefined where the API's address is not configured. */
  readonly applyUrl: string | undefined;
  readonly facilitatorEmails: readonly string[];
  /** False when every informational meeting is over, so the questions line does not point to one; true if absent. */
  readonly informationalMeetingsAhead?: boolean;
}

/** How to apply: the application service, the agreement to commitments, the receipt, and whom to ask. */
export function howToApplyBlocks(input: HowToApply): Block[] {
  const contact = input.facilitatorEmails.join(', ');
  const submit = input.applyUrl
    ? 'Submit the application to the Innovation Zones application service: an HTTPS POST of the application as ' +
      `JSON (content-type application/json) to ${input.applyUrl}. Every field is checked when you submit, and ` +
      'the answer names any field to correct.'
    : 'Submit the application to the Innovation Zones application service (POST /applications, the application ' +
      `as JSON); the facilitation team at ${contact} sends you its address.`;
  return [
    { kind: 'h2', text: 'How to apply' },
    {
      kind: 'list',
      items: [
        'Choose the zone that best fits your current reality: the zones are designed to meet participants ' +
          'where they are.',
        submit,
        "Submitting an application is agreement to the zone's commitments, which the application acknowledges " +
          'explicitly.',
        'A receipt email confirms your application and gives its reference.',
        input.informationalMeetingsAhead === false
          ? `Questions? Write to the facilitation team at ${contact}.`
          : `Questions? Join an informational meeting or write to the facilitation team at ${contact}.`,
      ],
    },
  ];
}
