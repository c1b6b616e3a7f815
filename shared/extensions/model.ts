import type { CohortId } from '../domain/cohort/cohort-id.ts';
import type { ZoneCode } from '../domain/zones.ts';

/** One grant: who extended the window, when, until when, and why. */
export interface ExtensionGrant {
  readonly until: string;
  readonly grantedBy: string;
  readonly grantedAt: string;
  readonly note?: string;
}

/**
 * A window extension for one applicant of a cohort's zone: until `until` (exclusive), its
 * application is accepted although the zone's window has closed. No application exists yet,
 * so the item itself keeps who granted it and when, every grant in order (a later grant
 * replaces `until`).
 */
export interface Extension extends ExtensionGrant {
  readonly cohort: CohortId;
  readonly zone: ZoneCode;
  readonly applicantKey: string;
  readonly grants: readonly ExtensionGrant[];
}

/** True while an extension lets a submission through: `until` is the first instant it no longer does. */
export function extensionAllows(extension: Pick<Extension, 'until'> | undefined, now: Date): boolean {
  return extension !== undefined && now.getTime() < Date.parse(extension.until);
}
