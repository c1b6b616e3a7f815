import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The per-application secret that authorizes an applicant's follow-ups (clarification
 * answers, later the naming of lead facilitators). It is an HMAC-SHA256 of the
 * application id under a server key, so nothing is stored: the server recomputes it.
 * Only the applicant's contact (and the superintendent copied) receive it, by email.
 * The key never leaves the functions that hold it; rotating it invalidates every link
 * already emailed, which is why the deployed secret is not rotated.
 */

/** Domain separation: a MAC for another purpose under the same key can never pass for this one. */
const PURPOSE = 'srsn-innovation-zones/applicant-link/v1';

/** Shortest key accepted: as many bytes as the HMAC-SHA256 output. */
export const MIN_KEY_BYTES = 32;

/** base64url of the 32-byte MAC: 43 characters. */
export const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function assertUsableKey(key: Buffer): void {
  if (key.byteLength < MIN_KEY_BYTES) throw new Error(`The applicant-link key must be at least ${MIN_KEY_BYTES} bytes`);
}

/** The secret of one application (base64url, 43 characters). */
export function applicantSecret(key: Buffer, applicationId: string): string {
  assertUsableKey(key);
  return createHmac('sha256', key).update(`${PURPOSE}\n${applicationId}`).digest('base64url');
}

/** Constant-time check of a presented secret; anything malformed is simply wrong. */
export function isApplicantSecret(key: Buffer, applicationId: string, presented: string): boolean {
  const expected = Buffer.from(applicantSecret(key, applicationId), 'utf8');
  const given = Buffer.from(presented, 'utf8');
  if (given.byteLength !== expected.byteLength) {
    // Same work either way; the length of the expected value is public anyway.
    timingSafeEqual(expected, expected);
    return false;
  }
  return timingSafeEqual(expected, given);
}
