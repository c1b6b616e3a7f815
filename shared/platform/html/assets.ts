import type { HttpRequestLike } from '../http/request.ts';
import type { HttpResponse } from '../http/response.ts';
import { securityHeaders } from './security-headers.ts';
import { SITE_CSS, STYLESHEET_FILE } from './site-css.ts';

/** The static assets by file name: only the stylesheet of this build (its name carries its hash). */
const ASSETS: Readonly<Record<string, { readonly contentType: string; readonly body: string }>> = {
  [STYLESHEET_FILE]: { contentType: 'text/css; charset=utf-8', body: SITE_CSS },
};

/**
 * The asset of this name, cached for a year and immutable (a new build's stylesheet has a new
 * name), or undefined for any other name: an old build's stylesheet is gone, not served stale.
 */
export function assetResponse(file: string | undefined, request: HttpRequestLike): HttpResponse | undefined {
  // Own keys only: a name like "__proto__" must not find the object's prototype.
  const asset = file !== undefined && Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
  if (!asset) return undefined;
  return {
    statusCode: 200,
    headers: {
      'content-type': asset.contentType,
      'cache-control': 'public, max-age=31536000, immutable',
      ...securityHeaders(request),
    },
    body: asset.body,
  };
}
