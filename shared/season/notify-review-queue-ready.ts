import type { ApplicationRepository } from '../applications/repository.ts';
import type { CohortId } from '../domain/cohort/cohort-id.ts';
import { getCohort } from '../domain/cohort/registry.ts';
import { ZONE_CODES, type ZoneCode } from '../domain/zones.ts';
import type { NotificationLedger } from '../platform/email/notification-ledger.ts';
import type { EmailSender } from '../platform/email/send.ts';
import { type SendOnceOutcome, sendOnce } from '../platform/email/send-once.ts';
import { renderReviewQueueReady } from '../templates/email/review-queue-ready.ts';

export interface QueueReadyDependencies {
  readonly applications: ApplicationRepository;
  readonly ledger: NotificationLedger;
  readonly email: EmailSender;
  readonly facilitatorEmails: readonly string[];
  readonly now: () => Date;
}

/** Sends "review queue ready" for a closed window, once per milestone. */
export async function notifyReviewQueueReady(
  milestone: { milestoneId: string; cohort: CohortId; zone: ZoneCode; dueAt: string },
  deps: QueueReadyDependencies,
): Promise<SendOnceOutcome> {
  const cohort = getCohort(milestone.cohort);
  const counts = await Promise.all(
    ZONE_CODES.map(async (zone) => ({ zone, byStatus: await deps.applications.countByStatus(milestone.cohort, zone) })),
  );
  return sendOnce(deps, {
    key: `queue-ready#${milestone.milestoneId}`,
    kind: 'review-queue-ready',
    subjectId: milestone.milestoneId,
    recipients: { to: deps.facilitatorEmails },
    content: () => renderReviewQueueReady(cohort, milestone.zone, new Date(milestone.dueAt), counts),
    tags: { notification: 'review-queue-ready', zone: milestone.zone },
  });
}
