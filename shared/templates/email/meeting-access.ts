import { html, type SafeHtml } from '../../platform/html/html.ts';

/**
 * Text that may hold links: a plain string, or parts of which some are links. The HTML part
 * makes each link an anchor (escaped by the `html` tag, the href too); the text part prints it.
 */
export type Inline = string | readonly InlinePart[];
export type InlinePart = string | { readonly link: string };

export function inlineHtml(inline: Inline): SafeHtml {
  const parts = [inline].flat();
  const anchor = (link: string) => html`<a href="${link}">${link}</a>`;
  return html`${parts.map((part) => (typeof part === 'string' ? part : anchor(part.link)))}`;
}

export function inlineText(inline: Inline): string {
  return [inline]
    .flat()
    .map((part) => (typeof part === 'string' ? part : part.link))
    .join('');
}

/** How to join a meeting from afar (a ScheduledMeeting fits). */
export interface MeetingAccessView {
  readonly joinUrl?: string;
  readonly dialIn?: string;
}

/**
 * `before`, then how to join the meeting, then `after`:
 * "Location: Virtual (Zoom), join online at https://…, dial in at +1 312 …." A meeting
 * without a link or dial-in gives back `before + after`, the very text of the emails before links.
 */
export function withMeetingAccess(before: string, meeting: MeetingAccessView, after: string): Inline {
  const { joinUrl, dialIn } = meeting;
  if (!joinUrl && !dialIn) return `${before}${after}`;
  const parts: InlinePart[] = [before];
  if (joinUrl) parts.push(', join online at ', { link: joinUrl });
  if (dialIn) parts.push(', dial in at ', dialIn);
  parts.push(after);
  return parts;
}
