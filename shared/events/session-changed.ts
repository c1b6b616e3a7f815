import { knownCohortIdSchema } from '../domain/cohort/registry.ts';
import { defineEvent, EVENT_SOURCE } from '../platform/events/contract.ts';
import * as z from '../platform/schemas/zod.ts';
import { sessionId } from './detail-fields.ts';

/** A facilitator moved or cancelled a monthly session: every roster member gets the updated or cancelled invitation. */
export const SessionChanged = defineEvent({
  source: EVENT_SOURCE,
  detailType: 'SessionChanged',
  description:
    'A facilitator moved or cancelled a monthly session; every roster member gets the updated (METHOD:REQUEST) ' +
    'or cancelled (METHOD:CANCEL) invitation with this SEQUENCE.',
  producers: ['facilitatorSessions'],
  detail: z.strictObject({
    cohort: knownCohortIdSchema,
    sessionId,
    sessionDate: z.iso.date(),
    sequence: z.number().check(z.int(), z.minimum(1)),
    change: z.enum(['moved', 'cancelled']),
    changedAt: z.iso.datetime(),
  }),
});

export type SessionChangedDetail = z.infer<typeof SessionChanged.detail>;
