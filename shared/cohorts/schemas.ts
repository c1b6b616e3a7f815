import { cohortIdSchema } from '../domain/cohort/cohort-id.ts';
import * as z from '../platform/schemas/zod.ts';

/**
 * /facilitator/cohorts/{cohortId}: an id of the right form (else 400 naming path.cohortId);
 * whether such a cohort exists is the route's answer (404), not a validation error.
 */
export const cohortPathSchema = z.strictObject({ cohortId: cohortIdSchema });
