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
 * The name to suggest for the copy: its own (the source's, years replaced) with the cohort's number as "N", for the
 * operator to write in ("Innovation Zones Cohort N, 2027-2028"); a name without a number gets "Cohort N: " before it.
 */
export function namePlaceholder(copiedName: string): string {
  const numbered = copiedName.replace(/\b(Cohort\s+)\d+\b/i, '$1N');
  return numbered === copiedName ? `Cohort N: ${copiedName}` : numbered;
}

/** A word for a POSIX shell: in double quotes, or single quotes when it holds what double quotes would expand. */
function quoted(word: string): string {
  return /["$`\\!]/.test(word) ? `'${word.replaceAll("'", "'\\''")}'` : `"${word}"`;
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
    let name: string;
    try {
      const copy = cohortDefinitionSchema.safeParse(copyCohortForward(source, { id }).definition);
      if (!copy.success || datesNotPast(copy.data, now).length > 0) continue;
      name = copy.data.name;
    } catch (error) {
      if (error instanceof CohortCopyError) continue;
      throw error;
    }
    // The name is not last year's with its years replaced: the operator writes the new cohort's number in.
    const command = `npx srsn cohorts copy ${source.id} --id ${id} --name ${quoted(namePlaceholder(name))}`;
    return [
      'Next season (write the new cohort’s number for N in --name):',
      `  ${command}          # lists every date; nothing saved`,
      `  ${command} --save   # then set, schedule: docs/next-season.md`,
    ].join('\n');
  }
  return undefined;
}
