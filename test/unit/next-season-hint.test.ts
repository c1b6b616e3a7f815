import { describe, expect, it } from 'vitest';
import { cohortLines, namePlaceholder, nextSeasonHint } from '../../infra/local/next-season-hint.ts';
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

  it('suggests a --name with the cohort’s number left for the operator to write in, in both commands', () => {
    const december = nextSeasonHint(seed, new Date('2026-12-08T15:00:00Z'));
    const name = '--name "Innovation Zones Cohort N, 2027-2028"';
    expect(december?.split('\n')).toEqual([
      'Next season (write the new cohort’s number for N in --name):',
      `  npx srsn cohorts copy 2022-2023 --id 2027-2028 ${name}          # lists every date; nothing saved`,
      `  npx srsn cohorts copy 2022-2023 --id 2027-2028 ${name} --save   # then set, schedule: docs/next-season.md`,
    ]);
  });

  it('makes the placeholder of any name: its number as N, or "Cohort N: " before a name without one', () => {
    expect(namePlaceholder('Innovation Zones Cohort 12, 2033-2034')).toBe('Innovation Zones Cohort N, 2033-2034');
    expect(namePlaceholder('Innovation Zones 2027-2028')).toBe('Cohort N: Innovation Zones 2027-2028');
  });

  it('suggests nothing without a cohort to copy', () => {
    expect(nextSeasonHint([], new Date('2026-12-08T15:00:00Z'))).toBeUndefined();
  });
});
