import { ZONE_CODES } from '../domain/zones.ts';
import { defineEvent, EVENT_SOURCE } from '../platform/events/contract.ts';
import * as z from '../platform/schemas/zod.ts';
import { milestoneFields } from './detail-fields.ts';

/** Some days before a zone's due date: invitees who have not applied get a reminder. */
export const DeadlineReminderDue = defineEvent({
  source: EVENT_SOURCE,
  detailType: 'DeadlineReminderDue',
  description: "Some days before a zone's due date: invitees who have not applied to it get a reminder.",
  producers: ['dispatchMilestones'],
  detail: z.strictObject({
    ...milestoneFields,
    zone: z.enum(ZONE_CODES),
    daysBefore: z.number().check(z.int(), z.minimum(1), z.maximum(30)),
  }),
});

export type DeadlineReminderDueDetail = z.infer<typeof DeadlineReminderDue.detail>;
