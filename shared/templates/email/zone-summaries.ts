import type { CohortDefinition } from '../../domain/cohort/definition.ts';
import type { ZoneCode } from '../../domain/zones.ts';

/**
 * What the invitation says about each zone: who applies, what an application holds, and
 * the commitments, summarized from the SRSN Innovation Zones flyer (seed 002). These are
 * the program's rules, the same for every cohort; counts come from the cohort's data.
 */
export interface ZoneSummary {
  readonly whoApplies: string;
  readonly applicationHolds: readonly string[];
  readonly commitments: readonly string[];
}

export function zoneSummary(zone: ZoneCode, cohort: CohortDefinition): ZoneSummary {
  const leads = cohort.rosterLimits[zone].leadFacilitators;
  const leadsLine =
    `Name up to ${leads} professional learning lead facilitators who take part in every monthly session and ` +
    'support professional learning in the district.';
  switch (zone) {
    case 'SDZ':
      return {
        whoApplies: 'Leading competency-based learning (CBL) districts: public K-12, K-8 and charter school districts.',
        applicationHolds: [
          'A realistic self-assessment against the eight elements of the Missouri CBL framework (a rating and ' +
            'a narrative for each).',
          'Evidence of four practices, each in place or under construction: CBL practices; use of data to ' +
            'inform system change and improvement; assessment for learning practices; professional learning that ' +
            'supports CBL, including real world learning with partners.',
          "The superintendent's name and email address.",
        ],
        commitments: [
          'Share examples of how a competency-based mind-set creates personalized learning experiences.',
          'Create real world learning opportunities for students with identified partners.',
          'Participate fully in regularly scheduled meetings, and engage in study and research that inform an ' +
            'assessment for learning and a reimagined accreditation system.',
          'Support and consider joining group-designed waiver requests, and serve as a site visit location for ' +
            'other Missouri educators.',
          'After selection, secure a resolution of the board of education supporting participation (a sample ' +
            'resolution is provided).',
          leadsLine,
        ],
      };
    case 'ILDZ':
      return {
        whoApplies:
          'Emerging CBL districts, schools and/or teachers who have demonstrated application of CBL principles.',
        applicationHolds: [
          'A realistic self-assessment against the eight elements of the Missouri CBL framework (a rating and ' +
            'a narrative for each).',
          'Superintendent approval and a signed letter of support from the superintendent.',
        ],
        commitments: [
          'Grow in the use of CBL practices and engage in monthly statewide professional learning.',
          'Support professional learning design, CBL training materials, and improvements in curriculum and ' +
            'assessment design.',
          'Engage local stakeholder groups, and prepare for a future System Design Zone cohort.',
          leadsLine,
        ],
      };
    case 'CNZ':
      return {
        whoApplies:
          'Statewide and regional education organizations, institutions of higher and post-secondary ' +
          'education, and business partners supporting districts in CBL and Real World Learning, or wishing to ' +
          'learn more.',
        applicationHolds: [
          'A realistic self-assessment against the eight elements of the Missouri CBL framework (a rating and ' +
            'a narrative for each).',
          `One designated representative and one designated alternate, by name and email address.`,
        ],
        commitments: [
          `Take part in the network with ${cohort.rosterLimits.CNZ.representatives} designated representative ` +
            `and ${cohort.rosterLimits.CNZ.alternates} designated alternate.`,
        ],
      };
  }
}
