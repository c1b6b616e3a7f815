import { knownCohortIdSchema } from '../domain/cohort/registry.ts';
import { defineEvent, EVENT_SOURCE } from '../platform/events/contract.ts';
import * as z from '../platform/schemas/zod.ts';
import { sessionId } from './detail-fields.ts';

/** A facilitator posted (or corrected) the video and slide links of a session. */
export const SessionMaterialsPosted = defineEvent({
  source: EVENT_SOURCE,
  detailType: 'SessionMaterialsPosted',
  description:
    "A facilitator posted a session's video and slide links (revision 1) or corrected them (a later revision); " +
    'every roster member gets them by email, once per revision.',
  producers: ['facilitatorSessions'],
  detail: z.strictObject({
    cohort: knownCohortIdSchema,
    sessionId,
    sessionDate: z.iso.date(),
    revision: z.number().check(z.int(), z.minimum(1)),
    postedAt: z.iso.datetime(),
  }),
});

export type SessionMaterialsPostedDetail = z.infer<typeof SessionMaterialsPosted.detail>;
