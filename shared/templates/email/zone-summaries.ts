import type { CohortDefinition } from '../../domain/cohort/definition.ts';
import type { ZoneCode } from '../../domain/zones.ts';

/**
 * What the invitation says about each zone: who applies and the commitments, as the cohort
 * words them, then the roster's line from its limits; and what an application holds, which
 * the application form (the same for every cohort) decides.
 */
export interface ZoneSummary {
  readonly whoApplies: string;
  readonly applicationHolds: readonly string[];
  readonly commitments: readonly string[];
}

const SELF_ASSESSMENT =
  'A realistic self-assessment against the eight elements of the Missouri CBL framework (a rating and ' +
  'a narrative for each).';

/** What each zone's application holds: its schema's parts (shared/applications/schemas.ts), summarized. */
const APPLICATION_HOLDS: Readonly<Record<Exclude<ZoneCode, 'SDZ'>, readonly string[]>> = {
  ILDZ: [SELF_ASSESSMENT, 'Superintendent approval and a signed letter of support from the superintendent.'],
  CNZ: [SELF_ASSESSMENT, 'One designated representative and one designated alternate, by name and email address.'],
};

/** The SDZ application also answers the cohort's evidence items (four: the application's fixed practices). */
function sdzApplicationHolds(cohort: CohortDefinition): readonly string[] {
  const evidence = Object.values(cohort.zoneTexts.SDZ.evidenceOfPractice);
  return [
    SELF_ASSESSMENT,
    `Evidence of four practices, each in place or under construction: ${evidence.join('; ')}.`,
    "The superintendent's name and email address.",
  ];
}

export function zoneSummary(zone: ZoneCode, cohort: CohortDefinition): ZoneSummary {
  const texts = cohort.zoneTexts[zone];
  const limits = cohort.rosterLimits[zone];
  const rosterLine =
    zone === 'CNZ'
      ? `Take part in the network with ${limits.representatives} designated representative and ` +
        `${limits.alternates} designated alternate.`
      : `Name up to ${limits.leadFacilitators} professional learning lead facilitators who take part in every ` +
        'monthly session and support professional learning in the district.';
  return {
    whoApplies: texts.whoMayApply,
    applicationHolds: zone === 'SDZ' ? sdzApplicationHolds(cohort) : APPLICATION_HOLDS[zone],
    commitments: [...texts.commitments, rosterLine],
  };
}
