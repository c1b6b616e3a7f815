import type { CohortId } from '../domain/cohort/cohort-id.ts';
import type { CohortDefinition } from '../domain/cohort/definition.ts';
import {
  dueMilestones,
  type Milestone,
  milestoneKey,
  milestonesOf,
  type SessionPlacement,
} from '../domain/cohort/milestones.ts';
import { scheduledCohorts } from '../domain/cohort/registry.ts';
import { ApplicationWindowClosed } from '../events/application-window-closed.ts';
import { BoardResolutionReminderDue } from '../events/board-resolution-reminder-due.ts';
import { DeadlineReminderDue } from '../events/deadline-reminder-due.ts';
import { InvitationsDue } from '../events/invitations-due.ts';
import { PlanningMeetingReminderDue } from '../events/planning-meeting-reminder-due.ts';
import { ResultsReleaseDue } from '../events/results-release-due.ts';
import { SessionReminderDue } from '../events/session-reminder-due.ts';
import type { NotificationLedger } from '../platform/email/notification-ledger.ts';
import { recordSent } from '../platform/email/send-once.ts';
import type { EventPublisher } from '../platform/events/publish.ts';
import type { LocalDate } from '../platform/time/local-date.ts';

export interface DispatchDependencies {
  readonly ledger: NotificationLedger;
  readonly publisher: EventPublisher;
  /** The sessions facilitators moved or cancelled, by scheduled date: their reminders follow them. */
  readonly sessionPlacements: (cohort: CohortId) => Promise<ReadonlyMap<LocalDate, SessionPlacement>>;
  readonly now: () => Date;
}

export interface DispatchReport {
  readonly published: string[];
  readonly skippedInProgress: string[];
}

/**
 * How long a warm process plans with the session changes it read. Each SessionChanged event
 * replans at once (the dispatcher runs one copy at a time, so the copy that ticks is the one
 * told); this daily re-read is the safety net should such an event be lost. A reminder planned
 * for a session's old time is refused by its consumer either way.
 */
export const PLAN_REFRESH_MS = 24 * 60 * 60 * 1000;

/** Each cohort's milestones, planned from its session changes as last read. */
const plans = new Map<CohortId, { readAt: number; milestones: Milestone[] }>();

async function milestonesAt(cohort: CohortDefinition, deps: DispatchDependencies, now: Date): Promise<Milestone[]> {
  const id = cohort.id;
  const plan = plans.get(id);
  const age = plan ? now.getTime() - plan.readAt : Number.POSITIVE_INFINITY;
  if (plan && age >= 0 && age < PLAN_REFRESH_MS) return plan.milestones;
  const milestones = milestonesOf(cohort, await deps.sessionPlacements(id));
  plans.set(id, { readAt: now.getTime(), milestones });
  return milestones;
}

/**
 * Milestones known to be published, remembered by a warm process so that ticks in
 * between milestones cost nothing. Only ever grows, and only with what the ledger
 * confirmed, so a stale copy can only cause an extra (refused) claim, never a miss.
 */
const knownDone = new Set<string>();

async function publishMilestone(milestone: Milestone, publisher: EventPublisher, now: Date): Promise<void> {
  const common = { milestoneId: milestone.id, cohort: milestone.cohort, dueAt: milestone.dueAt.toISOString() };
  switch (milestone.kind) {
    case 'WindowClosed':
      return publisher.publish(ApplicationWindowClosed, { ...common, zone: milestone.zone }, now);
    case 'ReleaseDue':
      return publisher.publish(ResultsReleaseDue, { ...common, zone: milestone.zone, releasedBy: 'schedule' }, now);
    case 'BoardResolutionReminderDue':
      return publisher.publish(BoardResolutionReminderDue, { ...common, round: milestone.round }, now);
    case 'InvitationsDue':
      return publisher.publish(InvitationsDue, common, now);
    case 'DeadlineReminderDue':
      return publisher.publish(
        DeadlineReminderDue,
        { ...common, zone: milestone.zone, daysBefore: milestone.daysBefore },
        now,
      );
    case 'SessionReminderDue':
      return publisher.publish(
        SessionReminderDue,
        {
          ...common,
          sessionId: milestone.sessionId,
          sessionDate: milestone.sessionDate,
          offsetDays: milestone.offsetDays,
        },
        now,
      );
    case 'PlanningMeetingReminderDue':
      return publisher.publish(
        PlanningMeetingReminderDue,
        { ...common, meetingId: milestone.meetingId, offsetDays: milestone.offsetDays },
        now,
      );
  }
}

/**
 * One schedule tick: publishes each milestone that has come due, exactly once however
 * ticks repeat, overlap or arrive late (a late tick catches up on everything before it).
 */
export async function dispatchMilestones(deps: DispatchDependencies): Promise<DispatchReport> {
  const now = deps.now();
  const published: string[] = [];
  const skippedInProgress: string[] = [];
  for (const cohort of scheduledCohorts()) {
    for (const milestone of dueMilestones(await milestonesAt(cohort, deps, now), now, knownDone)) {
      const key = milestoneKey(milestone.id);
      const claim = await deps.ledger.claim(key, { kind: 'milestone', subjectId: milestone.id }, now);
      if (claim.outcome === 'already-sent') {
        knownDone.add(milestone.id);
        continue;
      }
      if (claim.outcome === 'in-progress') {
        skippedInProgress.push(milestone.id);
        continue;
      }
      try {
        await publishMilestone(milestone, deps.publisher, now);
      } catch (error) {
        await deps.ledger.release(key, claim.token);
        throw error;
      }
      // Retried in place: thrown, it would make a later tick publish the milestone again.
      await recordSent(deps, key, claim.token, { messageId: undefined, recipientCount: 0 });
      knownDone.add(milestone.id);
      published.push(milestone.id);
    }
  }
  return { published, skippedInProgress };
}

/** A session of the cohort was moved or cancelled: the next dispatch plans its reminders anew. */
export function replanCohort(cohort: CohortId): void {
  plans.delete(cohort);
}

/** For tests: forget what this process learned. */
export function forgetKnownMilestones(): void {
  knownDone.clear();
  plans.clear();
}
