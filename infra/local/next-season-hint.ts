import type { StoredCohort } from '../../shared/cohorts/cohort-repository.ts';
import { CohortCopyError, copyCohortForward } from '../../shared/domain/cohort/copy-forward.ts';
import { datesNotPast } from '../../shared/domain/cohort/dates-not-past.ts';
import { cohortDefinitionSchema } from '../../shared/domain/cohort/definition.ts';

/** One line per cohort: id, state, name and invitation date. */
export function cohortLines(cohorts: readonly StoredCohort[]): string[] {
  return [...cohorts]
    .sort((left, right) => left.id.localeCompare(right.id))
    .map((cohort) => `${cohort.id}  ${cohort.state.padEnd(9)}  invitations ${cohort.definition.invitationDate}`);
}

/**
 * The next season worth creating at `now`: the first school year after the newest cohort whose
 * copy holds no date already past, with the commands that create it. Undefined without cohorts.
 */
export function nextSeasonHint(cohorts: readonly StoredCohort[], now: Date): string | undefined {
  const newest = [...cohorts].sort((left, right) => right.id.localeCompare(left.id))[0];
  if (!newest) return undefined;
  const source = cohortDefinitionSchema.parse(newest.definition);
  const firstYear = Number(source.id.slice(0, 4));
  for (let year = firstYear + 1; year <= firstYear + 30; year += 1) {
    const id = `${year}-${year + 1}`;
    try {
      const copy = cohortDefinitionSchema.safeParse(copyCohortForward(source, { id }).definition);
      if (!copy.success || datesNotPast(copy.data, now).length > 0) continue;
    } catch (error) {
      if (error instanceof CohortCopyError) continue;
      throw error;
    }
    return [
      `Next season: npx srsn cohorts copy ${source.id} --id ${id}          (lists every date; nothing saved)`,
      `             npx srsn cohorts copy ${source.id} --id ${id} --save   (then set, schedule: docs/next-season.md)`,
    ].join('\n');
  }
  return undefined;
}
