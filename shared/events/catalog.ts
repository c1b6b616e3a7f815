import { InviteesImported } from '../invitations/events.ts';
import type { EventContract } from '../platform/events/contract.ts';
import { ApplicationSubmitted } from './application-submitted.ts';
import { ClarificationRequested } from './clarification-requested.ts';
import { RosterChanged, SessionChanged, SessionMaterialsPosted } from './participation.ts';
import { ApplicationResultDue, ApplicationRolledOver } from './results.ts';
import {
  ApplicationWindowClosed,
  BoardResolutionReminderDue,
  DeadlineReminderDue,
  InvitationsDue,
  PlanningMeetingReminderDue,
  ResultsReleaseDue,
  SessionReminderDue,
} from './season-milestones.ts';

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
];
