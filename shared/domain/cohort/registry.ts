import * as z from '../../platform/schemas/zod.ts';
import { cohort2022to2023 } from './cohort-2022-2023.ts';
import { type CohortId, cohortIdSchema } from './cohort-id.ts';
import { type CohortDefinition, cohortDefinitionSchema } from './definition.ts';

/**
 * Every cohort the system knows. Adding a cohort is adding its data file here;
 * no handler changes. A definition is validated on first use, once per process: a bad
 * cohort fails loudly (and its unit test fails first). Not at load, because a function
 * that never reads a cohort should not pay for the validation at every cold start.
 */
const inputs = new Map<CohortId, unknown>([[cohort2022to2023.id, cohort2022to2023]]);
const validated = new Map<CohortId, CohortDefinition>();

/** The cohort of this id, or undefined when there is none (any string may be asked about). */
export function findCohort(id: string): CohortDefinition | undefined {
  let definition = validated.get(id);
  if (!definition) {
    if (!inputs.has(id)) return undefined;
    definition = cohortDefinitionSchema.parse(inputs.get(id));
    validated.set(id, definition);
  }
  return definition;
}

/**
 * The cohort of an id already checked to exist (by knownCohortIdSchema, or read back from a
 * stored record); an unknown id here is a bug, not bad input.
 */
export function getCohort(id: CohortId): CohortDefinition {
  const definition = findCohort(id);
  if (!definition)
    throw new Error(`No cohort ${id}: a cohort id from outside must be checked with knownCohortIdSchema`);
  return definition;
}

export function allCohorts(): CohortDefinition[] {
  return [...inputs.keys()].map((id) => getCohort(id));
}

/**
 * A cohort id from outside (a request's query or body, an event's detail): of the form of
 * cohortIdSchema and naming a cohort that exists, else one issue on the field, "no cohort
 * 2026-2027". Every schema of an entry point takes its cohort through this, so a refused
 * cohort is answered (400) or discarded before anything is read or stored.
 */
export const knownCohortIdSchema = cohortIdSchema.check(
  z.refine((id: string) => findCohort(id) !== undefined, { error: (issue) => `no cohort ${String(issue.input)}` }),
);
