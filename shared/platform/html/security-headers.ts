import { type HttpRequestLike, header } from '../http/request.ts';

/**
 * What every page may load: styles and images from its own origin, nothing else; no script at
 * all (pages work without it), no frame may hold it, forms post only to it, no <base>.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Two years, the subdomains included: what HSTS preload lists ask for. */
const STRICT_TRANSPORT_SECURITY = 'max-age=63072000; includeSubDomains';

/** The headers every HTML page and static asset carries. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  // Pages may come to carry personal links: no address leaves in a Referer header.
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

/**
 * True when the request reached us over HTTPS: API Gateway says so in X-Forwarded-Proto (an
 * HTTP API only serves HTTPS). The local runtime serves plain HTTP and sets no such header, and
 * HSTS over HTTP would only be ignored, or pin a localhost name to HTTPS.
 */
export function servedOverHttps(request: HttpRequestLike): boolean {
  return header(request, 'x-forwarded-proto')?.toLowerCase() === 'https';
}

/** The security headers for this request: HSTS only when served over HTTPS. */
export function securityHeaders(request: HttpRequestLike): Record<string, string> {
  return servedOverHttps(request)
    ? { ...SECURITY_HEADERS, 'strict-transport-security': STRICT_TRANSPORT_SECURITY }
    : { ...SECURITY_HEADERS };
}
