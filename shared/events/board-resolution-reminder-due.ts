import { defineEvent, EVENT_SOURCE } from '../platform/events/contract.ts';
import * as z from '../platform/schemas/zod.ts';
import { milestoneFields } from './detail-fields.ts';

/** Another reminder round for selected SDZ districts without a recorded board resolution. */
export const BoardResolutionReminderDue = defineEvent({
  source: EVENT_SOURCE,
  detailType: 'BoardResolutionReminderDue',
  description: 'A weekly reminder round is due for selected SDZ districts whose board resolution is not recorded.',
  producers: ['dispatchMilestones'],
  detail: z.strictObject({ ...milestoneFields, round: z.number().check(z.int(), z.minimum(1), z.maximum(200)) }),
});

export type BoardResolutionReminderDueDetail = z.infer<typeof BoardResolutionReminderDue.detail>;
