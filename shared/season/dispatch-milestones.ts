import { allCohorts } from '../cohort/registry.ts';
import { dueMilestones, milestonesOf, type Milestone } from '../cohort/milestones.ts';
import {
  ApplicationWindowClosed,
  BoardResolutionReminderDue,
  DeadlineReminderDue,
  InvitationsDue,
  PlanningMeetingReminderDue,
  ResultsReleaseDue,
  SessionReminderDue,
} from '../events/season-milestones.ts';
import type { EventPublisher } from '../events/publish.ts';
import type { NotificationLedger } from '../repository/notification-ledger.ts';

export interface DispatchDependencies {
  readonly ledger: NotificationLedger;
  readonly publisher: EventPublisher;
  readonly now: () => Date;
}

export interface DispatchReport {
  readonly published: string[];
  readonly skippedInProgress: string[];
}

/** Every cohort's milestones, computed once per process: they are pure data. */
const milestonesByCohort = new Map(allCohorts().map((cohort) => [cohort.id, milestonesOf(cohort)]));

/**
 * Milestones known to be published, remembered by a warm process so that ticks in
 * between milestones cost nothing. Only ever grows, and only with what the ledger
 * confirmed, so a stale copy can only cause an extra (refused) claim, never a miss.
 */
const knownDone = new Set<string>();

export const milestoneKey = (milestoneId: string) => `milestone#${milestoneId}`;

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
      return publisher.publish(DeadlineReminderDue, { ...common, zone: milestone.zone, daysBefore: milestone.daysBefore }, now);
    case 'SessionReminderDue':
      return publisher.publish(SessionReminderDue, { ...common, sessionId: milestone.sessionId, sessionDate: milestone.sessionDate, offsetDays: milestone.offsetDays }, now);
    case 'PlanningMeetingReminderDue':
      return publisher.publish(PlanningMeetingReminderDue, { ...common, meetingId: milestone.meetingId, offsetDays: milestone.offsetDays }, now);
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
  for (const milestones of milestonesByCohort.values()) {
    for (const milestone of dueMilestones(milestones, now, knownDone)) {
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
      await deps.ledger.markSent(key, claim.token, { messageId: undefined, recipientCount: 0 }, now);
      knownDone.add(milestone.id);
      published.push(milestone.id);
    }
  }
  return { published, skippedInProgress };
}

/** For tests: forget what this process learned. */
export function forgetKnownMilestones(): void {
  knownDone.clear();
}
