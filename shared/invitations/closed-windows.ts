import { windowState } from '../domain/cohort/calendar.ts';
import type { CohortDefinition } from '../domain/cohort/definition.ts';
import { zonesFor } from '../domain/invitees.ts';
import { ZONE_CODES, type ZoneCode } from '../domain/zones.ts';
import type { LocalDate } from '../platform/time/local-date.ts';
import type { InviteeRow } from './csv.ts';

/** A zone whose window has closed, with its due date (the last day applications were accepted). */
export interface ClosedZone {
  readonly zone: ZoneCode;
  readonly due: LocalDate;
}

/** Rows an import after the invitation date would invite only to closed windows, and those windows. */
export interface ClosedWindowRows {
  readonly rows: readonly number[];
  readonly zones: readonly ClosedZone[];
}

/**
 * The rows of a file imported after the invitation date whose zones (their kind's, narrowed by
 * zone_interest) have all closed: imported, they would be invited at once to apply where
 * applications are refused. Undefined when every row has an open (or not yet open) zone.
 */
export function rowsInvitedOnlyToClosedWindows(
  cohort: CohortDefinition,
  rows: readonly InviteeRow[],
  now: Date,
): ClosedWindowRows | undefined {
  const isClosed = (zone: ZoneCode) => windowState(cohort, zone, now) === 'closed';
  const refused = rows.filter((row) => zonesFor(row).every(isClosed));
  if (refused.length === 0) return undefined;
  const named = new Set(refused.flatMap(zonesFor));
  const zones = ZONE_CODES.filter((zone) => named.has(zone)).map((zone) => {
    const due = cohort.zones[zone].due;
    // A closed window has a due date: a window without one never closes.
    if (due === null) throw new Error(`The ${zone} window of ${cohort.id} closed without a due date`);
    return { zone, due };
  });
  return { rows: refused.map((row) => row.row), zones };
}

/** "2022-09-09 (SDZ) and 2022-09-16 (ILDZ)" */
export function closedOnList(zones: readonly ClosedZone[]): string {
  const items = zones.map(({ zone, due }) => `${due} (${zone})`);
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
