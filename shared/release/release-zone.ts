import type { ApplicationRecord, ApplicationRepository } from '../applications/repository.ts';
import { applicantDisplayName } from '../domain/applicant.ts';
import type { CohortId } from '../domain/cohort/cohort-id.ts';
import { getCohort } from '../domain/cohort/registry.ts';
import type { ZoneCode } from '../domain/zones.ts';
import { ApplicationResultDue } from '../events/application-result-due.ts';
import type { NotificationLedger } from '../platform/email/notification-ledger.ts';
import type { EmailSender } from '../platform/email/send.ts';
import { sendOnce } from '../platform/email/send-once.ts';
import { renderUndecidedAlert, type UndecidedApplication } from '../templates/email/result-undecided-alert.ts';
import type { BatchPublisher } from './publish-batch.ts';
import type { ReleasedBy, ReleaseRepository } from './release-repository.ts';
import { planResult } from './result-plan.ts';

export interface ReleaseDependencies {
  readonly applications: ApplicationRepository;
  readonly releases: ReleaseRepository;
  readonly ledger: NotificationLedger;
  readonly email: EmailSender;
  readonly publisher: BatchPublisher;
  readonly facilitatorEmails: readonly string[];
  readonly now: () => Date;
}

export interface ReleaseRequest {
  readonly milestoneId: string;
  readonly cohort: CohortId;
  readonly zone: ZoneCode;
  readonly releasedBy: ReleasedBy;
}

/** Applications read per Query page while releasing. */
export const RELEASE_PAGE_SIZE = 100;

export const undecidedAlertKey = (cohort: string, zone: string) => `release-undecided#${cohort}#${zone}`;

/** Every application of a zone, page by page from the queue index (a Query, never a Scan). */
export function zoneApplications(
  applications: ApplicationRepository,
  cohort: CohortId,
  zone: ZoneCode,
): AsyncGenerator<ApplicationRecord> {
  return applications.queueItems({ cohort, zone, pageSize: RELEASE_PAGE_SIZE });
}

/**
 * The consumer of ResultsReleaseDue. The first release of a (cohort, zone) wins; every
 * decided application gets one ApplicationResultDue event (10 per PutEvents call), the
 * undecided ones nothing, and the facilitators one alert listing them. A later release
 * event of the zone (the scheduled one after an early release, or any replay) does nothing.
 */
export async function releaseZone(request: ReleaseRequest, deps: ReleaseDependencies): Promise<string> {
  const now = deps.now();
  const started = await deps.releases.start(request, now);
  if (started.outcome === 'already-released') return 'already-released';
  const release = started.release;
  const cohort = getCohort(request.cohort);

  const due: Array<{ applicationId: string; cohort: CohortId; zone: ZoneCode }> = [];
  const undecided: UndecidedApplication[] = [];
  for await (const listed of zoneApplications(deps.applications, request.cohort, request.zone)) {
    // The queue index lags the table a little: a decision recorded seconds before the
    // release could still read as undecided there, so those are read again from the table.
    const plan0 = planResult(listed, cohort);
    const record =
      !plan0.send && plan0.reason === 'undecided'
        ? ((await deps.applications.get(listed.applicationId)) ?? listed)
        : listed;
    const plan = record === listed ? plan0 : planResult(record, cohort);
    if (plan.send) due.push({ applicationId: record.applicationId, cohort: record.cohort, zone: record.zone });
    else if (plan.reason === 'undecided')
      undecided.push({
        applicationId: record.applicationId,
        applicant: applicantDisplayName(record.application),
        status: record.status,
      });
  }

  await deps.publisher.publishAll(ApplicationResultDue, due, now);
  if (undecided.length > 0) {
    await sendOnce(deps, {
      key: undecidedAlertKey(request.cohort, request.zone),
      kind: 'release-undecided',
      subjectId: `${request.cohort}/${request.zone}`,
      recipients: { to: deps.facilitatorEmails },
      content: () =>
        renderUndecidedAlert(
          cohort,
          request.zone,
          { releasedAt: new Date(release.releasedAt), releasedBy: release.releasedBy },
          undecided,
        ),
      tags: { notification: 'release-undecided', zone: request.zone },
    });
  }
  await deps.releases.recordReleased(release, {
    at: now.toISOString(),
    actor: release.requestedBy ?? 'system',
    action: 'released',
    details: {
      releasedBy: release.releasedBy,
      resultsDue: due.length,
      undecided: undecided.map((item) => item.applicationId),
    },
  });
  await deps.releases.complete(release, { resultsDue: due.length, undecided: undecided.length }, now);
  return `released: ${due.length} result(s) due, ${undecided.length} undecided`;
}
