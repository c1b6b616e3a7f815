import { defineEvent, EVENT_SOURCE } from '../platform/events/contract.ts';
import * as z from '../platform/schemas/zod.ts';
import { milestoneFields, sessionId } from './detail-fields.ts';

/** Some days before a monthly session: every roster member gets a reminder with the invitation. */
export const SessionReminderDue = defineEvent({
  source: EVENT_SOURCE,
  detailType: 'SessionReminderDue',
  description: 'Some days before a monthly session: every roster member gets a reminder with a calendar invitation.',
  producers: ['dispatchMilestones'],
  detail: z.strictObject({
    ...milestoneFields,
    sessionId,
    sessionDate: z.iso.date(),
    offsetDays: z.number().check(z.int(), z.minimum(0), z.maximum(60)),
  }),
});

export type SessionReminderDueDetail = z.infer<typeof SessionReminderDue.detail>;
