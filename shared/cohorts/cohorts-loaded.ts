import type { MiddlewareObj } from '@middy/core';
import { cohortsLoadedWithin, loadCohorts } from '../domain/cohort/registry.ts';
import { documentClient } from '../platform/aws/dynamodb.ts';
import { requireEnv } from '../platform/config/env.ts';
import { ENV } from '../platform/config/env-names.ts';
import { CohortRepository } from './cohort-repository.ts';

/**
 * How stale a function's copy of the cohorts may be: a facilitator's change reaches every
 * function within a minute (the function that made it, and the milestone dispatcher, which
 * CohortChanged tells, at once). One Query a minute per warm function, whatever the traffic.
 */
export const COHORTS_MAX_AGE_MS = 60_000;

/**
 * Loads the scheduled and closed cohorts into this process's registry before the handler
 * runs, when its copy is older than `maxAgeMs`, so the domain reads cohorts synchronously.
 */
export function cohortsLoaded(repository: CohortRepository, maxAgeMs = COHORTS_MAX_AGE_MS): MiddlewareObj {
  return {
    before: async () => {
      if (!cohortsLoadedWithin(maxAgeMs)) loadCohorts(await repository.list());
    },
  };
}

/** cohortsLoaded over the function's table (TABLE_NAME): the line every handler uses. */
export function cohortsFromTable(maxAgeMs = COHORTS_MAX_AGE_MS): MiddlewareObj {
  return cohortsLoaded(new CohortRepository(documentClient, requireEnv(ENV.tableName)), maxAgeMs);
}
