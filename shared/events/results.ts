import { COHORT_IDS } from '../domain/cohort/registry.ts';
import { ZONE_CODES } from '../domain/zones.ts';
import { defineEvent, EVENT_SOURCE } from '../platform/events/contract.ts';
import * as z from '../platform/schemas/zod.ts';

const applicationId = z.string().check(z.regex(/^[a-z]+-\d{4}-\d{4}-[0-9a-f]{12}$/));

/**
 * One decided application's result email is due: its zone was released. One event per
 * application keeps each send (and its retries) independent of the others. No personal
 * data: the consumer reads the application by id.
 */
export const ApplicationResultDue = defineEvent({
  source: EVENT_SOURCE,
  detailType: 'ApplicationResultDue',
  description: "A decided application's result email is due because its zone's results were released.",
  detail: z.strictObject({
    applicationId,
    cohort: z.enum(COHORT_IDS),
    zone: z.enum(ZONE_CODES),
  }),
});

/**
 * An application not selected in the rollover's source zone (SDZ) was placed in its
 * target zone (ILDZ) per the cohort policy. `placement` says whether a new place was
 * created or the applicant's own application in the target zone was kept.
 */
export const ApplicationRolledOver = defineEvent({
  source: EVENT_SOURCE,
  detailType: 'ApplicationRolledOver',
  description: 'An SDZ application that was not selected was placed in the ILDZ per the cohort rollover policy.',
  detail: z.strictObject({
    fromApplicationId: applicationId,
    toApplicationId: applicationId,
    cohort: z.enum(COHORT_IDS),
    policy: z.enum(['accept', 'consider']),
    placement: z.enum(['created', 'own-application']),
  }),
});

export type ApplicationResultDueDetail = z.infer<typeof ApplicationResultDue.detail>;
export type ApplicationRolledOverDetail = z.infer<typeof ApplicationRolledOver.detail>;
