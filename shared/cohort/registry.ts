import { cohort2022to2023 } from './cohort-2022-2023.ts';
import { cohortDefinitionSchema, type CohortDefinition } from './definition.ts';

/**
 * Every cohort the system knows. Adding a cohort is adding its data file here;
 * no handler changes. Definitions are validated at load: a bad cohort fails loudly.
 */
export const COHORT_IDS = ['2022-2023'] as const;
export type CohortId = (typeof COHORT_IDS)[number];

const definitions: Record<CohortId, CohortDefinition> = {
  '2022-2023': cohortDefinitionSchema.parse(cohort2022to2023),
};

export function getCohort(id: CohortId): CohortDefinition {
  return definitions[id];
}

export function allCohorts(): CohortDefinition[] {
  return COHORT_IDS.map((id) => definitions[id]);
}
