import type { ApplicationParties } from '../../domain/applicant.ts';
import type { ScheduledMeeting } from '../../domain/cohort/calendar.ts';
import type { ZoneCode } from '../../domain/zones.ts';
import type { LocalDate } from '../../platform/time/local-date.ts';

/**
 * What the email templates read of the records they are given. Templates import no feature:
 * these are structural types, so a feature passes its own records (an ApplicationRecord, a
 * Roster, an EffectiveSession, ...) wherever they fit, and the compiler says when one no longer does.
 */

/** The application an email is about (an ApplicationRecord fits). */
export interface ApplicationView {
  readonly applicationId: string;
  readonly zone: ZoneCode;
  readonly application: ApplicationParties;
}

/** The roles the emails name a roster member by. */
export type RosterRoleView = 'lead-facilitator' | 'representative' | 'alternate';

export interface RosterMemberView {
  readonly role: RosterRoleView;
  readonly name: string;
  readonly title: string;
  readonly email: string;
}

/** One participant organization an addressee receives session emails for. */
export interface RepresentationView {
  readonly zone: ZoneCode;
  readonly organization: string;
  /** A roster role, or `contact` for a participant's contact standing in while no lead facilitator is named. */
  readonly role: RosterRoleView | 'contact';
}

/** Who receives one session email: one address, naming every participant it represents. */
export interface AddresseeView {
  readonly email: string;
  readonly name: string;
  readonly representing: readonly RepresentationView[];
}

/** A monthly session as it stands now (participation's EffectiveSession fits). */
export interface SessionView {
  /** The session as the cohort scheduled it. */
  readonly scheduled: ScheduledMeeting;
  /** Where and when it takes place now, under the scheduled session's id. */
  readonly meeting: ScheduledMeeting;
  readonly status: 'scheduled' | 'moved' | 'cancelled';
  /** iCalendar SEQUENCE of the current invitation. */
  readonly sequence: number;
  /** Its current date, in the cohort's time zone. */
  readonly date: LocalDate;
}
