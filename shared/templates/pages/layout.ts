import { html, type SafeHtml } from '../../platform/html/html.ts';
import { pageDocument } from '../../platform/html/page.ts';

/** Whose site it is: the header of every page, as the emails' header names the sender. */
export const SITE_NAME = 'Success-Ready Students Network: Innovation Zones';

const FOOTER = html`<p>Innovation Zones is run by the Success-Ready Students Network facilitation team.</p>`;

/** A page of the site: the platform's frame with the network's name and footer. */
export function sitePage(title: string, main: SafeHtml): string {
  return pageDocument({ title, siteName: SITE_NAME, main, footer: FOOTER });
}

/** What an unknown address (or a cohort not open to the public) shows: a page, never JSON. */
export function notFoundPage(): string {
  return sitePage(
    'Page not found',
    html`<h1>Page not found</h1>
<p>If you typed the web address, check it is correct. If you followed a link from an email, the link may be out of date.</p>
`,
  );
}

/** What a page shows when something failed on our side (details only in the log). */
export function serverErrorPage(): string {
  return sitePage(
    'Sorry, there is a problem with the service',
    html`<h1>Sorry, there is a problem with the service</h1>
<p>Please try again in a few minutes.</p>
`,
  );
}
