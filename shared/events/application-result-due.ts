import { knownCohortIdSchema } from '../domain/cohort/registry.ts';
import { ZONE_CODES } from '../domain/zones.ts';
import { defineEvent, EVENT_SOURCE } from '../platform/events/contract.ts';
import * as z from '../platform/schemas/zod.ts';
import { applicationId } from './detail-fields.ts';

/**
 * One decided application's result email is due: its zone was released. One event per
 * application keeps each send (and its retries) independent of the others. No personal
 * data: the consumer reads the application by id.
 */
export const ApplicationResultDue = defineEvent({
  source: EVENT_SOURCE,
  detailType: 'ApplicationResultDue',
  description: "A decided application's result email is due because its zone's results were released.",
  producers: ['releaseResults'],
  detail: z.strictObject({
    applicationId,
    cohort: knownCohortIdSchema,
    zone: z.enum(ZONE_CODES),
  }),
});

export type ApplicationResultDueDetail = z.infer<typeof ApplicationResultDue.detail>;
