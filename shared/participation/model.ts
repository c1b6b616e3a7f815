import type { CohortId } from '../domain/cohort/cohort-id.ts';
import type { ZoneCode } from '../domain/zones.ts';
import type { LocalDate, LocalTime } from '../platform/time/local-date.ts';

/**
 * Participation: who takes part in the monthly sessions for each participant (roster),
 * and what facilitators changed about a session (move, cancel, materials).
 */

/** What a roster member does for the participant. */
export type RosterRole = 'lead-facilitator' | 'representative' | 'alternate';

export interface RosterMember {
  readonly role: RosterRole;
  readonly name: string;
  readonly title: string;
  /** Lower case (the schema normalizes it): a member's identity for every email. */
  readonly email: string;
}

/**
 * A participant's roster, stored in the application's partition (sk `ROSTER`) and listed
 * per cohort through the index (gsi1pk `ROSTER#<cohort>`, gsi1sk `<zone>#<applicationId>`).
 */
export interface Roster {
  readonly applicationId: string;
  readonly cohort: CohortId;
  readonly zone: ZoneCode;
  /** 1 for the first roster named, one more for each change. */
  readonly version: number;
  readonly members: readonly RosterMember[];
  /** The members of the version before, for the confirmation's "what changed" (none for version 1). */
  readonly previousMembers: readonly RosterMember[];
  readonly updatedAt: string;
  /** The last version whose RosterChanged event was published (a retry publishes what is missing). */
  readonly announcedVersion: number;
  /**
   * When the changes of the last hour were accepted (ISO instants, oldest first, at most
   * ROSTER_CHANGES_PER_HOUR): the hourly limit counts these. Absent on rosters written before the limit.
   */
  readonly recentChanges?: readonly string[];
}

/** Someone who receives a participant's session emails: a roster member or, without a roster, a stand-in. */
export interface Recipient {
  readonly email: string;
  readonly name: string;
  /** Roster roles, or `contact` for a participant's contact standing in while no lead facilitator is named. */
  readonly role: RosterRole | 'contact';
}

/** One participant organization a recipient receives session emails for. */
export interface Representation {
  readonly applicationId: string;
  readonly zone: ZoneCode;
  readonly organization: string;
  readonly role: Recipient['role'];
}

/**
 * Everyone who receives one occasion's session email, one entry per address: an address on
 * two rosters (a consultant serving two districts) gets one email naming both.
 */
export interface Addressee {
  readonly email: string;
  readonly name: string;
  readonly representing: readonly Representation[];
}

export type SessionStatus = 'scheduled' | 'moved' | 'cancelled';

/** One change a facilitator made to a session. */
export interface SessionChange {
  readonly sequence: number;
  readonly status: SessionStatus;
  readonly date: LocalDate;
  readonly start: LocalTime;
  readonly end: LocalTime;
  readonly by: string;
  readonly at: string;
  readonly note?: string;
}

/**
 * A monthly session as a facilitator changed it, keyed by its scheduled date (the session's
 * identity and its calendar UID never change). No item: the session is as the cohort says.
 */
export interface SessionOverride {
  readonly cohort: CohortId;
  /** The date the cohort scheduled it on. */
  readonly sessionDate: LocalDate;
  readonly sessionId: string;
  /** The iCalendar SEQUENCE: 0 as scheduled, one more for each change. */
  readonly sequence: number;
  readonly status: SessionStatus;
  readonly date: LocalDate;
  readonly start: LocalTime;
  readonly end: LocalTime;
  readonly changes: readonly SessionChange[];
  /** The last sequence whose SessionChanged event was published. */
  readonly announcedSequence: number;
}

export interface SessionMaterials {
  readonly cohort: CohortId;
  readonly sessionDate: LocalDate;
  readonly sessionId: string;
  /** 1 for the first post; a post with other links makes the next revision ("updated materials"). */
  readonly revision: number;
  readonly videoUrl: string;
  readonly slidesUrl: string;
  readonly postedBy: string;
  readonly postedAt: string;
  readonly announcedRevision: number;
  readonly revisions: ReadonlyArray<{
    readonly revision: number;
    readonly videoUrl: string;
    readonly slidesUrl: string;
    readonly postedBy: string;
    readonly postedAt: string;
  }>;
}

/** Ledger keys: one email per business occasion and recipient address. */
const movedTo = (start: Date | undefined) => (start ? `@${start.toISOString()}` : '');

export const participationKeys = {
  rosterConfirmation: (applicationId: string, version: number) => `roster#${applicationId}#v${version}`,
  /** A copy of a roster confirmation: one per address, application and cohort-local day, whatever the version. */
  rosterCopy: (applicationId: string, day: LocalDate, email: string) => `roster-copy#${applicationId}#${day}#${email}`,
  /** A moved session's reminders are keyed by its new start: they are new reminders, not repeats. */
  sessionReminder: (sessionId: string, offsetDays: number, email: string, movedStart?: Date) =>
    `session-reminder#${sessionId}${movedTo(movedStart)}#${offsetDays}#${email}`,
  planningMeetingReminder: (meetingId: string, offsetDays: number, email: string) =>
    `planning-reminder#${meetingId}#${offsetDays}#${email}`,
  sessionChange: (sessionId: string, sequence: number, email: string) =>
    `session-change#${sessionId}#${sequence}#${email}`,
  /** The first post keeps the plain key; each later revision its own. */
  materials: (sessionId: string, revision: number, email: string) =>
    revision === 1 ? `materials#${sessionId}#${email}` : `materials#${sessionId}#revision-${revision}#${email}`,
} as const;

/** Bulk job ids: one per occasion, so a retried event resumes the same job and its counts. */
export const participationJobs = {
  sessionReminder: (sessionId: string, offsetDays: number, movedStart?: Date) =>
    `session-reminder#${sessionId}${movedTo(movedStart)}#${offsetDays}`,
  planningMeetingReminder: (meetingId: string, offsetDays: number) => `planning-reminder#${meetingId}#${offsetDays}`,
  sessionChange: (sessionId: string, sequence: number) => `session-change#${sessionId}#${sequence}`,
  materials: (sessionId: string, revision: number) => `materials#${sessionId}#${revision}`,
} as const;
