import type { CohortId } from '../domain/cohort/cohort-id.ts';
import { rememberCohort } from '../domain/cohort/registry.ts';
import type { CohortRepository } from './cohort-repository.ts';

/**
 * How stale a running mailing's view of its cohort may be: a facilitator's change reaches it
 * within a quarter second, for one read per cohort per quarter second while it sends, whatever
 * the rate (a process's copy of the cohorts is otherwise up to a minute old: cohorts-loaded.ts).
 */
export const COHORT_RECHECK_MS = 250;

/**
 * Reads a cohort as stored now, brings this process's copy up to it, and answers its version
 * (undefined when the table holds it as no scheduled or closed cohort: the copy is then left as
 * it is). A bulk mailing asks as it starts and before each email, and stops once the version
 * differs. Asked again within `recheckMs`, it answers from the last read (calls in flight share it).
 */
export function cohortVersionReader(
  repository: Pick<CohortRepository, 'get'>,
  recheckMs = COHORT_RECHECK_MS,
): (id: CohortId) => Promise<number | undefined> {
  const reads = new Map<CohortId, { at: number; version: Promise<number | undefined> }>();
  return (id) => {
    const last = reads.get(id);
    if (last && performance.now() - last.at < recheckMs) return last.version;
    const version = repository.get(id).then((stored) => {
      if (!stored || stored.state === 'draft') return undefined;
      rememberCohort({ id: stored.id, state: stored.state, version: stored.version, definition: stored.definition });
      return stored.version;
    });
    reads.set(id, { at: performance.now(), version });
    // A failed read is not kept: the next call reads again.
    version.catch(() => {
      if (reads.get(id)?.version === version) reads.delete(id);
    });
    return version;
  };
}
