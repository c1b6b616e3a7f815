import { knownCohortIdSchema } from '../domain/cohort/registry.ts';
import * as z from '../platform/schemas/zod.ts';

/** Detail fields several contracts share; not a contract itself. */

export const applicationId = z.string().check(z.regex(/^[a-z]+-\d{4}-\d{4}-[0-9a-f]{12}$/));

export const sessionId = z.string().check(z.minLength(1), z.maxLength(200));

/** The fields of every milestone the schedule dispatcher publishes. */
export const milestoneFields = {
  milestoneId: z.string().check(z.minLength(1), z.maxLength(200)),
  cohort: knownCohortIdSchema,
  dueAt: z.iso.datetime(),
};
