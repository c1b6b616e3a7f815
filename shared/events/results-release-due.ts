import { ZONE_CODES } from '../domain/zones.ts';
import { defineEvent, EVENT_SOURCE } from '../platform/events/contract.ts';
import * as z from '../platform/schemas/zod.ts';
import { milestoneFields } from './detail-fields.ts';

/** A zone's results are to go out: its notification date came, or a facilitator released them early. */
export const ResultsReleaseDue = defineEvent({
  source: EVENT_SOURCE,
  detailType: 'ResultsReleaseDue',
  description: "A zone's results are to be sent: its notification date was reached or a facilitator released them now.",
  producers: ['dispatchMilestones', 'facilitatorReleases'],
  detail: z.strictObject({
    ...milestoneFields,
    zone: z.enum(ZONE_CODES),
    releasedBy: z.enum(['schedule', 'facilitator']),
  }),
});

export type ResultsReleaseDueDetail = z.infer<typeof ResultsReleaseDue.detail>;
