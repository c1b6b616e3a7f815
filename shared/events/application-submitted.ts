import { knownCohortIdSchema } from '../domain/cohort/registry.ts';
import { ZONE_CODES } from '../domain/zones.ts';
import { defineEvent, EVENT_SOURCE } from '../platform/events/contract.ts';
import * as z from '../platform/schemas/zod.ts';

/**
 * An application was accepted and stored. The detail carries no personal data:
 * consumers read the application from the table by id.
 */
export const ApplicationSubmitted = defineEvent({
  source: EVENT_SOURCE,
  detailType: 'ApplicationSubmitted',
  description: 'An application was accepted and stored; consumers read it from the table by id.',
  producers: ['submitApplication'],
  detail: z.strictObject({
    applicationId: z.string().check(z.regex(/^[a-z]+-\d{4}-\d{4}-[0-9a-f]{12}$/)),
    cohort: knownCohortIdSchema,
    zone: z.enum(ZONE_CODES),
    submittedAt: z.iso.datetime(),
  }),
});

export type ApplicationSubmittedDetail = z.infer<typeof ApplicationSubmitted.detail>;
