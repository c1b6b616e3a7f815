import { ZONE_CODES } from '../domain/zones.ts';
import { defineEvent, EVENT_SOURCE } from '../platform/events/contract.ts';
import * as z from '../platform/schemas/zod.ts';
import { milestoneFields } from './detail-fields.ts';

/** A zone's application window closed: the review queue is ready. */
export const ApplicationWindowClosed = defineEvent({
  source: EVENT_SOURCE,
  detailType: 'ApplicationWindowClosed',
  description: "A zone's application window closed (end of its due date, Central time); its review queue is ready.",
  producers: ['dispatchMilestones'],
  detail: z.strictObject({ ...milestoneFields, zone: z.enum(ZONE_CODES) }),
});

export type ApplicationWindowClosedDetail = z.infer<typeof ApplicationWindowClosed.detail>;
