/**
 * Set-up of the unit and handler tests (vitest `setupFiles`): the cohorts the code reads are the
 * local runtime's seed, fixed, so no test reads (or scripts a read of) the cohorts' table items.
 */
import { seedCohorts } from '../../infra/local/seed/seed-cohorts.ts';
import { useFixedCohorts } from '../../shared/domain/cohort/registry.ts';

useFixedCohorts(seedCohorts(new Date('2022-08-01T00:00:00Z')));
