import type { ApplicationRecord, ApplicationRepository } from '../applications/repository.ts';
import { superintendentEmail } from '../domain/applicant.ts';
import type { CohortId } from '../domain/cohort/cohort-id.ts';
import type { CohortDefinition } from '../domain/cohort/definition.ts';
import { milestonesOf } from '../domain/cohort/milestones.ts';
import { getCohort } from '../domain/cohort/registry.ts';
import type { AuditTrail } from '../platform/dynamodb/audit-trail.ts';
import type { NotificationLedger } from '../platform/email/notification-ledger.ts';
import type { EmailSender } from '../platform/email/send.ts';
import { sendOnce } from '../platform/email/send-once.ts';
import { renderBoardResolutionReminder } from '../templates/email/board-resolution-reminder.ts';

export interface BoardResolutionReminderDependencies {
  readonly applications: ApplicationRepository;
  readonly ledger: NotificationLedger;
  readonly email: EmailSender;
  readonly audit: AuditTrail;
  readonly facilitatorEmails: readonly string[];
  readonly now: () => Date;
}

export interface BoardResolutionReminderRound {
  readonly milestoneId: string;
  readonly cohort: CohortId;
  readonly round: number;
  readonly dueAt: string;
}

/** Applications read per Query page of the review-queue index. */
export const REMINDER_PAGE_SIZE = 50;

export const boardResolutionReminderKey = (applicationId: string, round: number) =>
  `board-resolution-reminder#${applicationId}#${round}`;

/**
 * Whether a district is owed this round's reminder: an SDZ application selected, told so
 * by its result email before the round fell due (a district told later, by a correction,
 * waits for the next round), and with no board resolution recorded.
 */
export function owesBoardResolution(record: ApplicationRecord, dueAt: Date): boolean {
  return (
    record.zone === 'SDZ' &&
    record.status === 'selected' &&
    record.review?.decision === 'selected' &&
    record.resultSent?.decision === 'selected' &&
    new Date(record.resultSent.sentAt).getTime() <= dueAt.getTime() &&
    record.boardResolution === undefined
  );
}

/**
 * Thrown after a round when some reminders failed; the others went out, and a retry sends
 * only the missing ones. The message names the errors' kinds only: SES messages can quote
 * recipient addresses, which stay out of the logs (the causes are in `errors`).
 */
export class ReminderRoundError extends AggregateError {
  constructor(errors: readonly unknown[], round: number) {
    const kinds = [...new Set(errors.map((error) => (error instanceof Error ? error.name : 'unknown')))].join(', ');
    super(errors, `${errors.length} board resolution reminder(s) of round ${round} failed (${kinds})`);
    this.name = 'ReminderRoundError';
  }
}

function nextReminderAt(cohort: CohortDefinition, round: number): Date | undefined {
  return milestonesOf(cohort).find(
    (milestone) => milestone.kind === 'BoardResolutionReminderDue' && milestone.round === round + 1,
  )?.dueAt;
}

/**
 * One weekly round: every selected SDZ district of the cohort without a recorded board
 * resolution gets one reminder, once per round (ledger key per application and round).
 * Reads the selected applications by a Query on the review-queue index, page by page,
 * and re-reads each candidate consistently, so a resolution recorded a moment ago counts.
 */
export async function remindBoardResolutions(
  milestone: BoardResolutionReminderRound,
  deps: BoardResolutionReminderDependencies,
): Promise<string> {
  const cohort = getCohort(milestone.cohort);
  const dueAt = new Date(milestone.dueAt);
  const next = nextReminderAt(cohort, milestone.round);
  const counts = { sent: 0, 'already-sent': 0, 'not-owed': 0 };
  const failures: unknown[] = [];

  for await (const candidate of deps.applications.queueItems({
    cohort: milestone.cohort,
    zone: 'SDZ',
    status: 'selected',
    pageSize: REMINDER_PAGE_SIZE,
  })) {
    if (!owesBoardResolution(candidate, dueAt)) {
      counts['not-owed'] += 1;
      continue;
    }
    try {
      const record = await deps.applications.get(candidate.applicationId);
      if (!record || !owesBoardResolution(record, dueAt)) {
        counts['not-owed'] += 1;
        continue;
      }
      const contact = record.application.contact.email;
      const superintendent = superintendentEmail(record.application);
      const outcome = await sendOnce(deps, {
        key: boardResolutionReminderKey(record.applicationId, milestone.round),
        kind: 'board-resolution-reminder',
        subjectId: record.applicationId,
        recipients: { to: [contact], cc: superintendent && superintendent !== contact ? [superintendent] : [] },
        content: () =>
          renderBoardResolutionReminder({
            record,
            cohort,
            round: milestone.round,
            dueAt,
            nextReminderAt: next,
            facilitatorEmails: deps.facilitatorEmails,
          }),
        tags: {
          notification: 'board-resolution-reminder',
          application: record.applicationId,
          round: String(milestone.round),
        },
        auditApplicationId: record.applicationId,
      });
      counts[outcome] += 1;
    } catch (error) {
      failures.push(error);
    }
  }

  if (failures.length > 0) throw new ReminderRoundError(failures, milestone.round);
  return (
    `round ${milestone.round}: sent ${counts.sent}, already-sent ${counts['already-sent']}, not-owed ` +
    `${counts['not-owed']}`
  );
}
