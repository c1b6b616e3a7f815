/**
 * What a running mailing learns of its cohort (shared/cohorts/cohort-version-reader.ts): the
 * version as stored now, with this process's copy brought up to it, read at most once per
 * recheck interval, never from a failed read, and nothing from a draft or a missing cohort.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { seedCohorts } from '../../infra/local/seed/seed-cohorts.ts';
import type { StoredCohort } from '../../shared/cohorts/cohort-repository.ts';
import { cohortVersionReader } from '../../shared/cohorts/cohort-version-reader.ts';
import { findCohort, rememberCohort } from '../../shared/domain/cohort/registry.ts';

const [seed] = seedCohorts(new Date('2022-08-01T00:00:00Z'));
const renamed: StoredCohort = { ...seed!, version: 2, definition: { ...seed!.definition, name: 'Renamed cohort' } };

/** A repository answering `answers` in turn (the last one again), counting its reads. */
function repository(...answers: Array<StoredCohort | undefined | Error>) {
  const reads = { count: 0 };
  return {
    reads,
    get: async () => {
      const answer = answers[Math.min(reads.count, answers.length - 1)];
      reads.count += 1;
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

// The fixed seed back in this process's copy after each test.
afterEach(() => rememberCohort(seed!));

describe('cohortVersionReader', () => {
  it('answers the stored version and brings the process copy up to it', async () => {
    const read = cohortVersionReader(repository(renamed), 0);
    expect(findCohort('2022-2023')?.name).toBe(seed!.definition.name);
    expect(await read('2022-2023')).toBe(2);
    expect(findCohort('2022-2023')?.name).toBe('Renamed cohort');
  });

  it('reads once within the recheck interval, calls in flight sharing the read, and again after it', async () => {
    const stored = repository(seed!, renamed);
    const slow = cohortVersionReader(stored, 60_000);
    expect(await Promise.all([slow('2022-2023'), slow('2022-2023')])).toEqual([1, 1]);
    expect(await slow('2022-2023')).toBe(1);
    expect(stored.reads.count).toBe(1);

    const eager = cohortVersionReader(repository(seed!, renamed), 0);
    expect(await eager('2022-2023')).toBe(1);
    expect(await eager('2022-2023')).toBe(2);
  });

  it('keeps no failed read: the next call reads again', async () => {
    const stored = repository(new Error('throttled'), renamed);
    const read = cohortVersionReader(stored, 60_000);
    await expect(read('2022-2023')).rejects.toThrow('throttled');
    expect(await read('2022-2023')).toBe(2);
    expect(stored.reads.count).toBe(2);
  });

  it('answers undefined for a cohort the table holds as a draft or not at all, leaving the copy as it is', async () => {
    const draft: StoredCohort = { ...renamed, state: 'draft' };
    expect(await cohortVersionReader(repository(draft), 0)('2022-2023')).toBeUndefined();
    expect(await cohortVersionReader(repository(undefined), 0)('2022-2023')).toBeUndefined();
    expect(findCohort('2022-2023')?.name).toBe(seed!.definition.name);
  });
});
