import { cohortIdSchema } from '../domain/cohort/cohort-id.ts';
import { defineEvent, EVENT_SOURCE } from '../platform/events/contract.ts';
import * as z from '../platform/schemas/zod.ts';

/**
 * A facilitator scheduled, changed or closed a cohort: the milestone dispatcher reloads the
 * cohorts and plans that cohort's milestones anew at once. The id is checked for its form
 * only: the consumer's copy of the cohorts may not know a cohort scheduled a moment ago.
 */
export const CohortChanged = defineEvent({
  source: EVENT_SOURCE,
  detailType: 'CohortChanged',
  description:
    'A facilitator scheduled, changed or closed a cohort (version N): the milestone dispatcher reloads the cohorts ' +
    'and re-plans its milestones at once; what already happened is never re-sent or re-dated.',
  producers: ['facilitatorCohorts'],
  detail: z.strictObject({
    cohort: cohortIdSchema,
    version: z.number().check(z.int(), z.minimum(1)),
    state: z.enum(['scheduled', 'closed']),
    change: z.enum(['scheduled', 'changed', 'closed']),
    changedAt: z.iso.datetime(),
  }),
});

export type CohortChangedDetail = z.infer<typeof CohortChanged.detail>;
