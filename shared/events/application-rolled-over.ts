import { knownCohortIdSchema } from '../domain/cohort/registry.ts';
import { defineEvent, EVENT_SOURCE } from '../platform/events/contract.ts';
import * as z from '../platform/schemas/zod.ts';
import { applicationId } from './detail-fields.ts';

/**
 * An application not selected in the rollover's source zone (SDZ) was placed in its
 * target zone (ILDZ) per the cohort policy. `placement` says whether a new place was
 * created or the applicant's own application in the target zone was kept.
 */
export const ApplicationRolledOver = defineEvent({
  source: EVENT_SOURCE,
  detailType: 'ApplicationRolledOver',
  description: 'An SDZ application that was not selected was placed in the ILDZ per the cohort rollover policy.',
  producers: ['sendResult', 'facilitatorReleases'],
  unconsumedBecause:
    'An announcement for subscribers outside this system (reporting, integrations). The producer has done all ' +
    'the work before it publishes: the ILDZ place is in the table, both audit trails record the rollover, and ' +
    'the combined result email announces it (an accept place gets no ILDZ email of its own; a consider place ' +
    'is in the ILDZ review queue).',
  detail: z.strictObject({
    fromApplicationId: applicationId,
    toApplicationId: applicationId,
    cohort: knownCohortIdSchema,
    policy: z.enum(['accept', 'consider']),
    placement: z.enum(['created', 'own-application']),
  }),
});

export type ApplicationRolledOverDetail = z.infer<typeof ApplicationRolledOver.detail>;
