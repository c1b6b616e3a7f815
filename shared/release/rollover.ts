import type { ApplicationRecord, ApplicationRepository } from '../applications/repository.ts';
import type { CohortDefinition } from '../domain/cohort/definition.ts';
import { ApplicationRolledOver } from '../events/application-rolled-over.ts';
import type { AuditActor, AuditTrail } from '../platform/dynamodb/audit-trail.ts';
import type { NotificationLedger } from '../platform/email/notification-ledger.ts';
import { NotificationInProgressError, recordSent } from '../platform/email/send-once.ts';
import type { EventPublisher } from '../platform/events/publish.ts';
import { placementAt, type RolloverPlacement, rolloverRequestHash, rolloverTargetId } from './result-plan.ts';

export interface RolloverDependencies {
  readonly applications: ApplicationRepository;
  readonly audit: AuditTrail;
  readonly ledger: NotificationLedger;
  readonly publisher: EventPublisher;
  readonly now: () => Date;
}

export const rolloverKey = (fromApplicationId: string) => `rollover#${fromApplicationId}`;

/**
 * Places a not-selected application of the rollover's source zone in its target zone, per
 * the cohort policy: `accept` creates the place as selected, `consider` as submitted (it
 * joins the target zone's review queue). One conditional put on the id the applicant's
 * own application there would have: if that exists, it is kept and no second one is made.
 * The audit entries and the ApplicationRolledOver event are written once (ledger key
 * rollover#<id>), so a replay changes nothing.
 */
export async function placeRollover(
  record: ApplicationRecord,
  cohort: CohortDefinition,
  deps: RolloverDependencies,
  actor: AuditActor,
): Promise<RolloverPlacement> {
  const now = deps.now();
  const policy = cohort.rollover.policy;
  const toApplicationId = rolloverTargetId(record, cohort);
  const place: ApplicationRecord = {
    applicationId: toApplicationId,
    cohort: record.cohort,
    zone: cohort.rollover.to,
    applicantKey: record.applicantKey,
    status: policy === 'accept' ? 'selected' : 'submitted',
    // The application is the one submitted then: "without additional application".
    submittedAt: record.submittedAt,
    application: record.application,
    requestHash: rolloverRequestHash(record.applicationId),
    version: 1,
    rolledOverFrom: record.applicationId,
  };
  const created = await deps.applications.create(place);
  const placement = placementAt(record, toApplicationId, created.created ? undefined : created.existing);
  // A facilitator's "not selected" on the applicant's own application stands: nothing is placed, nothing announced.
  if (placement.kind === 'own-application-not-selected') return placement;
  if (!created.created && placement.kind === 'own-application' && policy === 'accept')
    await acceptOwnApplication(created.existing, record, deps);

  const key = rolloverKey(record.applicationId);
  const claim = await deps.ledger.claim(key, { kind: 'rollover', subjectId: record.applicationId }, now);
  if (claim.outcome === 'already-sent') return placement;
  if (claim.outcome === 'in-progress') throw new NotificationInProgressError(key);
  try {
    const at = now.toISOString();
    const common = {
      policy,
      fromApplicationId: record.applicationId,
      toApplicationId,
      placement: placement.kind === 'new-place' ? 'created' : 'own-application',
    } as const;
    await deps.audit.record(record.applicationId, {
      at,
      actor,
      action: 'rolled-over',
      details: { ...common, toZone: cohort.rollover.to },
    });
    await deps.audit.record(toApplicationId, {
      at,
      actor,
      action: placement.kind === 'new-place' ? 'placed-by-rollover' : 'rollover-kept-own-application',
      details: {
        ...common,
        fromZone: record.zone,
        status: (await deps.applications.get(toApplicationId))?.status ?? place.status,
      },
    });
    await deps.publisher.publish(ApplicationRolledOver, { ...common, cohort: record.cohort }, now);
  } catch (error) {
    await deps.ledger.release(key, claim.token);
    throw error;
  }
  // Retried in place: thrown, it would make the next attempt audit and publish the rollover again.
  await recordSent(deps, key, claim.token, { messageId: undefined, recipientCount: 0 });
  return placement;
}

/**
 * Under `accept`, the applicant's own still-undecided application in the target zone becomes
 * its place there (selected, announced by the combined email, so its zone's release sends
 * nothing more). One a facilitator already reviewed keeps that review.
 */
async function acceptOwnApplication(
  own: ApplicationRecord,
  from: ApplicationRecord,
  deps: RolloverDependencies,
): Promise<void> {
  if (own.review !== undefined || own.rolledOverFrom === from.applicationId) return;
  if (own.status !== 'submitted' && own.status !== 'clarification_requested') return;
  await deps.applications.update(own, { status: 'selected', rolledOverFrom: from.applicationId });
}

/**
 * A correction to selected of the rollover's source: the applicant's own application that
 * the rollover accepted as its place goes back to the review queue (submitted), as before the
 * rollover, for the facilitators to decide; a place the rollover created stays, no longer
 * taking part (shared/participation/participants.ts). Done already is nothing to do.
 */
export async function returnAcceptedOwnApplication(
  record: ApplicationRecord,
  cohort: CohortDefinition,
  deps: Pick<RolloverDependencies, 'applications' | 'audit' | 'now'>,
  actor: AuditActor,
): Promise<void> {
  const own = await deps.applications.get(rolloverTargetId(record, cohort));
  const acceptedByThisRollover =
    own?.rolledOverFrom === record.applicationId &&
    own.review === undefined &&
    own.requestHash !== rolloverRequestHash(record.applicationId);
  if (!own || !acceptedByThisRollover) return;
  await deps.applications.update(own, { status: 'submitted' }, ['rolledOverFrom']);
  await deps.audit.record(own.applicationId, {
    at: deps.now().toISOString(),
    actor,
    action: 'rollover-withdrawn',
    details: { fromApplicationId: record.applicationId, status: 'submitted' },
  });
}
