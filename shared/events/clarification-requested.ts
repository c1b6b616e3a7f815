import { knownCohortIdSchema } from '../domain/cohort/registry.ts';
import { ZONE_CODES } from '../domain/zones.ts';
import { defineEvent, EVENT_SOURCE } from '../platform/events/contract.ts';
import * as z from '../platform/schemas/zod.ts';

/**
 * A facilitator asked an applicant a question. No personal data and no question text:
 * the consumer reads the clarification from the table and emails the applicant once.
 */
export const ClarificationRequested = defineEvent({
  source: EVENT_SOURCE,
  detailType: 'ClarificationRequested',
  description: 'A facilitator asked an applicant for clarification; consumers read the question from the table by ids.',
  producers: ['clarifications'],
  detail: z.strictObject({
    applicationId: z.string().check(z.regex(/^[a-z]+-\d{4}-\d{4}-[0-9a-f]{12}$/)),
    clarificationId: z.string().check(z.regex(/^clr-[0-9a-f]{16}$/)),
    cohort: knownCohortIdSchema,
    zone: z.enum(ZONE_CODES),
    requestedAt: z.iso.datetime(),
  }),
});

export type ClarificationRequestedDetail = z.infer<typeof ClarificationRequested.detail>;
