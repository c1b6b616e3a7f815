import { cohort2022to2023 } from './cohort-2022-2023.ts';
import { type CohortDefinition, cohortDefinitionSchema } from './definition.ts';

/**
 * Every cohort the system knows. Adding a cohort is adding its data file here;
 * no handler changes. A definition is validated on first use, once per process: a bad
 * cohort fails loudly (and its unit test fails first). Not at load, because a function
 * that never reads a cohort should not pay for the validation at every cold start.
 */
export const COHORT_IDS = ['2022-2023'] as const;
export type CohortId = (typeof COHORT_IDS)[number];

const inputs: Record<CohortId, unknown> = {
  '2022-2023': cohort2022to2023,
};
const validated = new Map<CohortId, CohortDefinition>();

export function getCohort(id: CohortId): CohortDefinition {
  let definition = validated.get(id);
  if (!definition) {
    definition = cohortDefinitionSchema.parse(inputs[id]);
    validated.set(id, definition);
  }
  return definition;
}

export function allCohorts(): CohortDefinition[] {
  return COHORT_IDS.map((id) => getCohort(id));
}
