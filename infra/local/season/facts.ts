import type { ZoneCode } from '../../../shared/domain/zones.ts';
import type { Decision } from './population.ts';

/**
 * What the replay did through the API and what the API accepted, each with its virtual
 * instant: the input of the expectations (who should get which email, when). Nothing here
 * comes from the emails themselves.
 */

/** Who an application or roster belongs to: `d17` (district 17) or `p3` (partner 3). */
export type Owner = string;

export interface InviteeFact {
  readonly owner: Owner;
  readonly email: string;
  /** The zones the invitee may be reminded about (its interest, or every zone open to its kind). */
  readonly zones: readonly ZoneCode[];
}

export interface ApplicationFact {
  readonly applicationId: string;
  readonly owner: Owner;
  readonly zone: ZoneCode;
  readonly contact: string;
  /** Copied on receipts, results and reminders (SDZ and ILDZ). */
  readonly superintendent: string | undefined;
  /** CNZ: the representative and alternate the application names. */
  readonly designated: readonly string[];
  readonly submittedAt: Date;
}

export interface RosterFact {
  readonly owner: Owner;
  /** The participant application the roster belongs to (for a rollover, the ILDZ place). */
  readonly applicationId: string;
  readonly version: number;
  readonly members: readonly string[];
  readonly at: Date;
}

export interface SessionMoveFact {
  readonly sessionDate: string;
  readonly date: string;
  readonly start: string;
  readonly end: string;
  readonly sequence: number;
  readonly at: Date;
}

export class SeasonFacts {
  readonly invitees: InviteeFact[] = [];
  importedAt: Date | undefined;
  readonly applications: ApplicationFact[] = [];
  /** Refused submissions (400 or 409): the address that must get nothing for them. */
  readonly refused: Array<{
    readonly owner: Owner;
    readonly zone: ZoneCode;
    readonly contact: string;
    readonly status: number;
    readonly at: Date;
  }> = [];
  readonly clarifications: Array<{ readonly applicationId: string; readonly at: Date }> = [];
  readonly decisions: Array<{ readonly applicationId: string; readonly decision: Decision; readonly at: Date }> = [];
  /** Results sent on a facilitator's request (send-result), after the zone's release. */
  readonly resultRequests: Array<{ readonly applicationId: string; readonly at: Date }> = [];
  /** Releases a facilitator made (the scheduled ones are the calendar's). */
  readonly releases: Array<{ readonly zone: ZoneCode; readonly at: Date }> = [];
  readonly rosters: RosterFact[] = [];
  readonly resolutions: Array<{ readonly applicationId: string; readonly at: Date }> = [];
  readonly sessionMoves: SessionMoveFact[] = [];
  readonly materials: Array<{ readonly sessionDate: string; readonly revision: number; readonly at: Date }> = [];

  application(applicationId: string): ApplicationFact | undefined {
    return this.applications.find((item) => item.applicationId === applicationId);
  }
}
