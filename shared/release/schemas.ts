import { knownCohortIdSchema } from '../domain/cohort/registry.ts';
import { ZONE_CODES } from '../domain/zones.ts';
import * as z from '../platform/schemas/zod.ts';

/** POST /facilitator/releases */
export const releaseBodySchema = z.strictObject({
  cohort: knownCohortIdSchema,
  zone: z.enum(ZONE_CODES),
});

/** GET /facilitator/releases/preview?cohort&zone */
export const previewQuerySchema = z.strictObject({
  cohort: knownCohortIdSchema,
  zone: z.enum(ZONE_CODES),
});

/** GET /facilitator/releases?cohort */
export const releasesQuerySchema = z.strictObject({
  cohort: knownCohortIdSchema,
});
