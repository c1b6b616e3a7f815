import * as z from './zod.ts';

/**
 * A host name of dot-separated labels ending in a top-level domain: zod's `regexes.domain`,
 * copied so that a bundle using it does not take zod's whole table of patterns (~6 KB).
 */
const HOST_NAME = /^(?=.{1,253}$)([a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$/;

function isHttpsLink(value: string): boolean {
  if (/[\s\p{Cc}]/u.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && HOST_NAME.test(url.hostname) && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/** An https link with a real host name, one line, bounded: anything else (http:, javascript:, data:) is refused. */
export const httpsLink = z
  .string()
  .check(
    z.maxLength(2000, 'must be at most 2000 characters'),
    z.refine(isHttpsLink, 'must be an https:// link with a host name'),
  );
