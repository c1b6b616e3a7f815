import { knownCohortIdSchema } from '../domain/cohort/registry.ts';
import { ZONE_CODES } from '../domain/zones.ts';
import { defineEvent, EVENT_SOURCE } from '../platform/events/contract.ts';
import * as z from '../platform/schemas/zod.ts';
import { applicationId } from './detail-fields.ts';

/**
 * A participant named or changed its roster. Ids only, no names or addresses: the consumer
 * reads the roster from the table and confirms it by email once per version.
 */
export const RosterChanged = defineEvent({
  source: EVENT_SOURCE,
  detailType: 'RosterChanged',
  description:
    'A participant named or changed its roster (lead facilitators, or CNZ representative and alternate); ' +
    'consumers read it from the table by id and version.',
  producers: ['roster'],
  detail: z.strictObject({
    applicationId,
    cohort: knownCohortIdSchema,
    zone: z.enum(ZONE_CODES),
    version: z.number().check(z.int(), z.minimum(1)),
    changedAt: z.iso.datetime(),
  }),
});

export type RosterChangedDetail = z.infer<typeof RosterChanged.detail>;
