import * as z from '../../platform/schemas/zod.ts';

/**
 * A cohort's id: the two school years it spans, "2026-2027". Ids are data (cohorts are
 * added without a code change), so this is a string of a known form, not a list of ids.
 */
export type CohortId = string;

const COHORT_ID_FORM = /^\d{4}-\d{4}$/;
const COHORT_ID_MESSAGE = 'must be a cohort id of two consecutive years, like 2026-2027';

function spansConsecutiveYears(id: string): boolean {
  return Number(id.slice(5)) === Number(id.slice(0, 4)) + 1;
}

/**
 * The form of a cohort id, whether or not such a cohort exists (a new cohort's own id).
 * Both checks abort, so a malformed id gets one message and no later check runs on it.
 */
export const cohortIdSchema = z
  .string()
  .check(
    z.regex(COHORT_ID_FORM, { error: COHORT_ID_MESSAGE, abort: true }),
    z.refine(spansConsecutiveYears, { error: COHORT_ID_MESSAGE, abort: true }),
  );
