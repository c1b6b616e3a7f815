import { applicationWindow, type WindowState, windowState } from '../domain/cohort/calendar.ts';
import type { CohortDefinition } from '../domain/cohort/definition.ts';
import { ZONE_CODES, ZONE_NAMES, type ZoneCode } from '../domain/zones.ts';
import { formatDateTime } from '../platform/time/zoned.ts';
import { day, dueSentence } from '../templates/email/invitation-blocks.ts';

/** A zone's dates and window as the pages say them, in the cohort's time zone (Central time). */
export interface ZoneWindowView {
  readonly state: WindowState;
  /** "Friday, September 9, 2022 (applications are accepted until 11:59 PM CDT that day)", or "not set yet". */
  readonly due: string;
  /** "Thursday, September 15, 2022", or "not set yet". */
  readonly notify: string;
  /** "Friday, August 19, 2022". */
  readonly opens: string;
  /** The last minute applications were accepted, "Friday, September 9, 2022 at 11:59 PM CDT"; undefined without a due date. */
  readonly lastMinute: string | undefined;
}

export const NOT_SET_YET = 'not set yet';

export function zoneWindow(cohort: CohortDefinition, zone: ZoneCode, now: Date): ZoneWindowView {
  const calendar = cohort.zones[zone];
  const closesAt = applicationWindow(cohort, zone).closesAt;
  return {
    state: windowState(cohort, zone, now),
    due: dueSentence(zone, cohort) ?? NOT_SET_YET,
    notify: calendar.notify === null ? NOT_SET_YET : day(calendar.notify, cohort),
    opens: day(calendar.opens, cohort),
    lastMinute: closesAt === null ? undefined : formatDateTime(new Date(closesAt.getTime() - 60_000), cohort.timeZone),
  };
}

/** The zone a path names ("SDZ", or "sdz" as typed), or undefined. */
export function zoneOfPath(segment: string | undefined): ZoneCode | undefined {
  const upper = segment?.toUpperCase();
  return ZONE_CODES.find((zone) => zone === upper);
}

/** "the System Design Zone" */
export function zoneName(zone: ZoneCode): string {
  return `the ${ZONE_NAMES[zone]}`;
}
