import { defineEvent, EVENT_SOURCE } from '../platform/events/contract.ts';
import * as z from '../platform/schemas/zod.ts';
import { milestoneFields } from './detail-fields.ts';

/** The cohort's invitation date came: every imported invitee gets the invitation. */
export const InvitationsDue = defineEvent({
  source: EVENT_SOURCE,
  detailType: 'InvitationsDue',
  description:
    "The cohort's invitation date came: every imported district and partner contact gets the invitation with " +
    'the informational meetings.',
  producers: ['dispatchMilestones'],
  detail: z.strictObject({ ...milestoneFields }),
});

export type InvitationsDueDetail = z.infer<typeof InvitationsDue.detail>;
