import type { ApplicationRecord } from '../applications/repository.ts';
import { isAcceptedByRollover } from '../applications/rollover-place.ts';
import type { Application } from '../applications/schemas.ts';
import { applicantDisplayName, applicationIdFor, superintendentEmail } from '../domain/applicant.ts';
import { planningMeeting } from '../domain/cohort/calendar.ts';
import type { CohortDefinition } from '../domain/cohort/definition.ts';
import type { Decision } from '../domain/review.ts';
import { type ZoneCode, zoneTitle } from '../domain/zones.ts';
import type { EmailRecipients } from '../platform/email/message.ts';
import type { ResultTemplate } from '../templates/email/results.ts';
import { PLANNING_MEETING_FILE } from '../templates/email/session-planning-meeting.ts';

/**
 * Which result email an application gets, as a pure function of the record and the
 * cohort (plus, for a rollover, where the applicant lands). The sender renders exactly
 * this plan and the facilitators' dry run lists exactly this plan, so the two cannot differ.
 */

/** Where a not-selected applicant of the rollover's source zone lands in its target zone. */
export type RolloverPlacement =
  /** A new place in the target zone (to be created, or created by an earlier attempt of this rollover). */
  | { readonly kind: 'new-place'; readonly toApplicationId: string }
  /** The applicant applied to the target zone itself: that application is kept, no second one. */
  | { readonly kind: 'own-application'; readonly toApplicationId: string }
  /**
   * Its own application there, which a facilitator already decided not selected: that decision
   * stands, so there is no place, and the result says the application is decided on its own.
   */
  | { readonly kind: 'own-application-not-selected'; readonly toApplicationId: string };

export interface RolloverEffect {
  readonly policy: 'accept' | 'consider';
  readonly fromZone: ZoneCode;
  readonly toZone: ZoneCode;
  readonly toApplicationId: string;
  readonly placement: RolloverPlacement['kind'];
  /** The status a new place gets: selected (accept) or submitted, joining the review queue (consider). */
  readonly newPlaceStatus: 'selected' | 'submitted';
  /** One sentence for the dry run. */
  readonly summary: string;
}

export interface ResultEmailPlan {
  readonly send: true;
  readonly template: ResultTemplate;
  readonly decision: Decision;
  readonly subject: string;
  readonly recipients: Required<EmailRecipients>;
  /** The planning meeting invitation attached to this email, if any. */
  readonly invitation: { readonly meetingId: string; readonly fileName: string } | null;
  readonly rollover: RolloverEffect | null;
}

export interface NoResultPlan {
  readonly send: false;
  readonly reason: 'undecided' | 'announced-with-rollover';
  readonly message: string;
}

export type ResultPlan = ResultEmailPlan | NoResultPlan;

export const DECIDED_STATUSES = ['selected', 'not_selected'] as const;

export function isDecided(
  record: Pick<ApplicationRecord, 'status'>,
): record is Pick<ApplicationRecord, 'status'> & { status: Decision } {
  return (DECIDED_STATUSES as readonly string[]).includes(record.status);
}

/** To the contact, copy to the superintendent where the application names one (not twice). */
export function resultRecipients(record: ApplicationRecord): Required<EmailRecipients> {
  const contact = record.application.contact.email;
  const superintendent = superintendentEmail(record.application);
  return { to: [contact], cc: superintendent && superintendent !== contact ? [superintendent] : [] };
}

/** True when this record is subject to the cohort's rollover if it is not selected. */
export function rolloverApplies(record: Pick<ApplicationRecord, 'zone' | 'status'>, cohort: CohortDefinition): boolean {
  return record.zone === cohort.rollover.from && record.status === 'not_selected';
}

/**
 * The id the applicant's application in the rollover's target zone has (or would have):
 * ids derive from (cohort, zone, applicant), so the applicant's own application there
 * has this very id, and a rollover can never create a second one.
 */
export function rolloverTargetId(record: Pick<ApplicationRecord, 'application'>, cohort: CohortDefinition): string {
  return applicationIdFor({ ...record.application, zone: cohort.rollover.to } as Application);
}

/** Marks the requestHash of a place no request created, so it can never pass for an applicant's retry. */
export const rolloverRequestHash = (fromApplicationId: string) => `rollover:${fromApplicationId}`;

/**
 * Where the rollover lands, given what holds the target id: nothing or its own place, or the applicant's own
 * application.
 */
export function placementAt(
  record: Pick<ApplicationRecord, 'applicationId'>,
  toApplicationId: string,
  existing: ApplicationRecord | undefined,
): RolloverPlacement {
  // Only a place the rollover created carries its request hash (see rollover.ts).
  if (!existing || existing.requestHash === rolloverRequestHash(record.applicationId))
    return { kind: 'new-place', toApplicationId };
  // A facilitator's decision on it stands, even one made after an earlier rollover accepted it.
  return {
    kind: existing.review?.decision === 'not_selected' ? 'own-application-not-selected' : 'own-application',
    toApplicationId,
  };
}

export function planResult(
  record: ApplicationRecord,
  cohort: CohortDefinition,
  placement?: RolloverPlacement,
): ResultPlan {
  if (!isDecided(record)) {
    return {
      send: false,
      reason: 'undecided',
      message: `The application is ${record.status.replace('_', ' ')}: there is no decision to send.`,
    };
  }
  if (isAcceptedByRollover(record)) {
    return {
      send: false,
      reason: 'announced-with-rollover',
      message:
        `This place was created by the rollover of ${record.rolledOverFrom}; that application's result email ` +
        'announced it.',
    };
  }
  const applicant = applicantDisplayName(record.application);
  const zone = zoneTitle(record.zone);
  const decision = record.status;
  const base = {
    send: true as const,
    decision,
    recipients: resultRecipients(record),
    invitation: null,
    rollover: null,
  };

  if (rolloverApplies(record, cohort)) {
    const policy = cohort.rollover.policy;
    const toZone = cohort.rollover.to;
    const target = placement ?? { kind: 'new-place', toApplicationId: rolloverTargetId(record, cohort) };
    const newPlaceStatus = policy === 'accept' ? 'selected' : 'submitted';
    if (target.kind === 'own-application-not-selected') {
      const summary =
        `no place: the applicant's own ${toZone} application ${target.toApplicationId} was decided not selected, ` +
        'and that stands';
      return {
        ...base,
        template: 'sdz-not-selected',
        subject: `${zone} result: ${applicant}`,
        rollover: {
          policy,
          fromZone: record.zone,
          toZone,
          toApplicationId: target.toApplicationId,
          placement: target.kind,
          newPlaceStatus,
          summary,
        },
      };
    }
    const summary =
      target.kind === 'own-application'
        ? `keeps the applicant's own ${toZone} application ${target.toApplicationId} (no second one)`
        : `places the applicant in the ${toZone} as ${target.toApplicationId}, status ${newPlaceStatus}`;
    return {
      ...base,
      template: policy === 'accept' ? 'rollover-accepted' : 'rollover-considered',
      subject:
        policy === 'accept'
          ? `${zone} result and your place in the ${zoneTitle(toZone)}: ${applicant}`
          : `${zone} result and ${zoneTitle(toZone)} consideration: ${applicant}`,
      rollover: {
        policy,
        fromZone: record.zone,
        toZone,
        toApplicationId: target.toApplicationId,
        placement: target.kind,
        newPlaceStatus,
        summary,
      },
    };
  }

  const selected = decision === 'selected';
  switch (record.zone) {
    case 'SDZ': {
      if (!selected) return { ...base, template: 'sdz-not-selected', subject: `${zone} result: ${applicant}` };
      const meeting = cohort.planningMeeting.zones.includes('SDZ') ? planningMeeting(cohort) : undefined;
      return {
        ...base,
        template: 'sdz-selected',
        subject: `Selected for the ${zone}: ${applicant}`,
        invitation: meeting ? { meetingId: meeting.id, fileName: PLANNING_MEETING_FILE } : null,
      };
    }
    case 'ILDZ':
      return selected
        ? { ...base, template: 'ildz-selected', subject: `Selected for the ${zone}: ${applicant}` }
        : { ...base, template: 'ildz-not-selected', subject: `${zone} result: ${applicant}` };
    case 'CNZ':
      return selected
        ? { ...base, template: 'cnz-accepted', subject: `Accepted into the ${zone}: ${applicant}` }
        : { ...base, template: 'cnz-not-accepted', subject: `${zone} result: ${applicant}` };
  }
}

/**
 * The participant application a result email invites to name its roster (lead facilitators,
 * or CNZ representative and alternate): the application itself when it is selected or
 * accepted, the ILDZ place when the rollover accepts it there; none otherwise.
 */
export function rosterTarget(
  record: Pick<ApplicationRecord, 'applicationId' | 'zone'>,
  plan: ResultEmailPlan,
): { readonly applicationId: string; readonly zone: ZoneCode } | null {
  switch (plan.template) {
    case 'sdz-selected':
    case 'ildz-selected':
    case 'cnz-accepted':
      return { applicationId: record.applicationId, zone: record.zone };
    case 'rollover-accepted':
      return plan.rollover ? { applicationId: plan.rollover.toApplicationId, zone: plan.rollover.toZone } : null;
    default:
      return null;
  }
}
