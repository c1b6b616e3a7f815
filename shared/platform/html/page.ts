import type { HttpRequestLike } from '../http/request.ts';
import type { HttpResponse } from '../http/response.ts';
import { html, type SafeHtml } from './html.ts';
import { securityHeaders } from './security-headers.ts';
import { STYLESHEET_PATH } from './site-css.ts';

export interface PageContent {
  /** The page's own title; the document title adds the site's name. */
  readonly title: string;
  /** Shown at the top of every page: whose site this is. */
  readonly siteName: string;
  /** The content of <main>, usually starting with the page's <h1>. */
  readonly main: SafeHtml;
  readonly footer: SafeHtml;
}

/**
 * The frame of every page: English, a skip link to the main content, the site's name in the
 * header, <main>, a footer, and the one stylesheet. No script and no inline style.
 */
export function pageDocument(content: PageContent): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${content.title} - ${content.siteName}</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header"><div class="container"><p class="site-name">${content.siteName}</p></div></header>
<main id="main" class="container" tabindex="-1">
${content.main}
</main>
<footer class="site-footer"><div class="container">${content.footer}</div></footer>
</body>
</html>
`.value;
}

/**
 * An HTML page as an HTTP answer, with the security headers (HSTS when served over HTTPS) and
 * no-store: a page may show what only its visitor should see, and is cheap to render again.
 */
export function htmlResponse(statusCode: number, document: string, request: HttpRequestLike): HttpResponse {
  return {
    statusCode,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      ...securityHeaders(request),
    },
    body: document,
  };
}
