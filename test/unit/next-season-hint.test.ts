import { describe, expect, it } from 'vitest';
import { cohortLines, nextSeasonHint } from '../../infra/local/next-season-hint.ts';
import { seedCohorts } from '../../infra/local/seed/seed-cohorts.ts';

const seed = seedCohorts(new Date('2022-08-01T00:00:00Z'));

describe('what npm start prints of the cohorts', () => {
  it('lists each cohort with its state and invitation date', () => {
    expect(cohortLines(seed)).toEqual(['2022-2023  scheduled  invitations 2022-08-19']);
  });

  it('suggests copying the newest cohort to the first year whose dates all lie ahead', () => {
    expect(nextSeasonHint(seed, new Date('2022-08-19T12:00:00Z'))).toContain('--id 2023-2024');
    // December 2026: the 2026-2027 invitations (August 2026) have passed, 2027-2028 is next.
    const december = nextSeasonHint(seed, new Date('2026-12-08T15:00:00Z'));
    expect(december).toContain('npx srsn cohorts copy 2022-2023 --id 2027-2028');
    expect(december).toContain('--save');
  });

  it('suggests nothing without a cohort to copy', () => {
    expect(nextSeasonHint([], new Date('2026-12-08T15:00:00Z'))).toBeUndefined();
  });
});
