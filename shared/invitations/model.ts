import { createHash } from 'node:crypto';
import { normalizeOrganizationName, organizationKey } from '../domain/applicant.ts';
import type { CohortId } from '../domain/cohort/cohort-id.ts';
import type { CohortDefinition } from '../domain/cohort/definition.ts';
import { milestonesOf } from '../domain/cohort/milestones.ts';
import type { InviteeKind } from '../domain/invitees.ts';
import type { ZoneCode } from '../domain/zones.ts';

/**
 * An invitee of a cohort's invitation campaign: a Missouri school district or a potential
 * Collaborative Network Zone partner (shared/domain/invitees.ts), with the one contact who
 * receives the invitation and the deadline reminders. Imported from the facilitators' CSV file.
 */

/** The contact details of one invitee, as imported. */
export interface InviteeDetails {
  readonly kind: InviteeKind;
  readonly organization: string;
  /** Districts only: the Missouri county-district code, e.g. "096-092". */
  readonly countyDistrictCode?: string;
  readonly contactName: string;
  /** Lower-cased. */
  readonly contactEmail: string;
  /** Zones the invitee said it is interested in; empty = every zone open to its kind. */
  readonly zoneInterest: readonly ZoneCode[];
}

export interface Invitee extends InviteeDetails {
  readonly cohort: CohortId;
  /** Stable, tag-safe id within the cohort: "district-096-092" or "partner-<12 hex>". */
  readonly inviteeId: string;
  /**
   * The applicant key an application of this invitee carries (shared/domain/applicant.ts):
   * "district:096-092" or "organization:<normalized name>", to tell who has applied.
   */
  readonly applicantKey: string;
  readonly importedAt: string;
  readonly importedBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** Who the invitee is, as an application's applicant key. */
export function inviteeApplicantKey(
  details: Pick<InviteeDetails, 'kind' | 'organization' | 'countyDistrictCode'>,
): string {
  return details.kind === 'district' ? `district:${details.countyDistrictCode}` : organizationKey(details.organization);
}

/**
 * The invitee's id: readable for districts (their code), a short digest of the normalized
 * name for partners. Only letters, digits and dashes, so it can be an SES message tag.
 */
export function inviteeIdOf(details: Pick<InviteeDetails, 'kind' | 'organization' | 'countyDistrictCode'>): string {
  if (details.kind === 'district') return `district-${details.countyDistrictCode}`;
  const digest = createHash('sha256').update(normalizeOrganizationName(details.organization)).digest('hex');
  return `partner-${digest.slice(0, 12)}`;
}

/** Ledger key of an invitee's invitation: once per cohort and invitee, however often it is triggered. */
export const invitationKey = (cohort: string, inviteeId: string) => `invitation#${cohort}#${inviteeId}`;

/** Ledger key of a deadline reminder: once per cohort, zone, reminder and invitee. */
export const deadlineReminderKey = (cohort: string, zone: ZoneCode, daysBefore: number, inviteeId: string) =>
  `deadline-reminder#${cohort}#${zone}#${daysBefore}#${inviteeId}`;

/** True when two imports describe the same contact details (nothing to write). */
export function sameDetails(left: InviteeDetails, right: InviteeDetails): boolean {
  return (
    left.kind === right.kind &&
    left.organization === right.organization &&
    (left.countyDistrictCode ?? null) === (right.countyDistrictCode ?? null) &&
    left.contactName === right.contactName &&
    left.contactEmail === right.contactEmail &&
    left.zoneInterest.join(',') === right.zoneInterest.join(',')
  );
}

/** When the cohort's invitations go out (its InvitationsDue milestone); undefined if it has none. */
export function invitationsDueAt(cohort: CohortDefinition): Date | undefined {
  return milestonesOf(cohort).find((milestone) => milestone.kind === 'InvitationsDue')?.dueAt;
}
