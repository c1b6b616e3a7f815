import type { CohortDefinition } from '../domain/cohort/definition.ts';
import { ZONE_CODES } from '../domain/zones.ts';

/** A cohort in a list: who it is, its zone, and each zone's dates. */
export function cohortSummary(cohort: CohortDefinition) {
  return {
    id: cohort.id,
    name: cohort.name,
    timeZone: cohort.timeZone,
    invitationDate: cohort.invitationDate,
    zones: Object.fromEntries(
      ZONE_CODES.map((zone) => {
        const { opens, due, notify } = cohort.zones[zone];
        return [zone, { opens, due, notify }];
      }),
    ),
  };
}
