import { defineEvent, EVENT_SOURCE } from '../platform/events/contract.ts';
import * as z from '../platform/schemas/zod.ts';
import { milestoneFields } from './detail-fields.ts';

/** Some days before the SDZ planning meeting: the SDZ districts get the notice. */
export const PlanningMeetingReminderDue = defineEvent({
  source: EVENT_SOURCE,
  detailType: 'PlanningMeetingReminderDue',
  description:
    'Some days before the SDZ planning meeting: the selected SDZ districts get the notice with a calendar invitation.',
  producers: ['dispatchMilestones'],
  detail: z.strictObject({
    ...milestoneFields,
    meetingId: z.string().check(z.minLength(1), z.maxLength(200)),
    offsetDays: z.number().check(z.int(), z.minimum(0), z.maximum(60)),
  }),
});

export type PlanningMeetingReminderDueDetail = z.infer<typeof PlanningMeetingReminderDue.detail>;
