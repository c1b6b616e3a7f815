import type { EventContract } from '../platform/events/contract.ts';
import { ApplicationResultDue } from './application-result-due.ts';
import { ApplicationRolledOver } from './application-rolled-over.ts';
import { ApplicationSubmitted } from './application-submitted.ts';
import { ApplicationWindowClosed } from './application-window-closed.ts';
import { BoardResolutionReminderDue } from './board-resolution-reminder-due.ts';
import { ClarificationRequested } from './clarification-requested.ts';
import { CohortChanged } from './cohort-changed.ts';
import { DeadlineReminderDue } from './deadline-reminder-due.ts';
import { InvitationsDue } from './invitations-due.ts';
import { InviteesImported } from './invitees-imported.ts';
import { PlanningMeetingReminderDue } from './planning-meeting-reminder-due.ts';
import { ResultsReleaseDue } from './results-release-due.ts';
import { RosterChanged } from './roster-changed.ts';
import { SessionChanged } from './session-changed.ts';
import { SessionMaterialsPosted } from './session-materials-posted.ts';
import { SessionReminderDue } from './session-reminder-due.ts';

/** Every event type of the system, for the generated JSON Schemas and their tests. */
export const eventCatalog: readonly EventContract[] = [
  ApplicationSubmitted,
  ApplicationWindowClosed,
  ResultsReleaseDue,
  BoardResolutionReminderDue,
  ClarificationRequested,
  ApplicationResultDue,
  ApplicationRolledOver,
  InvitationsDue,
  DeadlineReminderDue,
  SessionReminderDue,
  PlanningMeetingReminderDue,
  RosterChanged,
  SessionChanged,
  SessionMaterialsPosted,
  InviteesImported,
  CohortChanged,
];
