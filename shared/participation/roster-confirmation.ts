import type { ApplicationRepository } from '../applications/repository.ts';
import { superintendentEmail } from '../domain/applicant.ts';
import { getCohort } from '../domain/cohort/registry.ts';
import type { RosterChangedDetail } from '../events/roster-changed.ts';
import type { AuditTrail } from '../platform/dynamodb/audit-trail.ts';
import type { NotificationLedger } from '../platform/email/notification-ledger.ts';
import type { EmailSender } from '../platform/email/send.ts';
import { sendOnce } from '../platform/email/send-once.ts';
import { localDateOf } from '../platform/time/zoned.ts';
import { renderRosterConfirmation } from '../templates/email/roster-confirmation.ts';
import { participationKeys } from './model.ts';
import type { RosterRepository } from './roster-repository.ts';

export interface RosterConfirmationDependencies {
  readonly applications: ApplicationRepository;
  readonly rosters: RosterRepository;
  readonly ledger: NotificationLedger;
  readonly email: EmailSender;
  readonly audit: AuditTrail;
  readonly now: () => Date;
}

export type RosterConfirmationOutcome =
  | 'sent'
  | 'already-sent'
  | 'application-not-found'
  | 'roster-not-found'
  | 'superseded';

/**
 * RosterChanged: confirms a roster version by email, once (ledger key
 * roster#<applicationId>#v<version>), to the participant's contact, copying the
 * superintendent and every member named. A version already replaced by a later one sends
 * nothing: the later version's own confirmation says what stands.
 *
 * The contact gets every version's confirmation; every other address is copied at most once
 * per application and cohort-local day of the change (ledger key
 * roster-copy#<applicationId>#<day>#<address>), however often it is removed and named again:
 * the roster link cannot be used to write to addresses of the applicant's choosing.
 */
export async function confirmRoster(
  detail: RosterChangedDetail,
  deps: RosterConfirmationDependencies,
): Promise<RosterConfirmationOutcome> {
  const record = await deps.applications.get(detail.applicationId);
  if (!record) return 'application-not-found';
  const roster = await deps.rosters.get(detail.applicationId);
  if (!roster || roster.version < detail.version) return 'roster-not-found';
  if (roster.version > detail.version) return 'superseded';
  const contact = record.application.contact.email;
  const cc = [superintendentEmail(record.application), ...roster.members.map((member) => member.email)].filter(
    (address, index, all): address is string =>
      address !== undefined && address !== contact && all.indexOf(address) === index,
  );
  const cohort = getCohort(record.cohort);
  const day = localDateOf(new Date(roster.updatedAt), cohort.timeZone);
  return sendOnce(deps, {
    key: participationKeys.rosterConfirmation(record.applicationId, roster.version),
    kind: 'roster-confirmation',
    subjectId: record.applicationId,
    recipients: { to: [contact], cc },
    ccOncePer: (address) => participationKeys.rosterCopy(record.applicationId, day, address),
    content: (sentTo) =>
      renderRosterConfirmation({
        record,
        cohort,
        roster,
        now: deps.now(),
        notCopied: cc.filter((address) => !sentTo.cc?.includes(address)),
      }),
    tags: { notification: 'roster-confirmation', application: record.applicationId, version: String(roster.version) },
    auditApplicationId: record.applicationId,
  });
}
