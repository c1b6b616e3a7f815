import { COHORT_IDS } from '../domain/cohort/registry.ts';
import { ZONE_CODES } from '../domain/zones.ts';
import { defineEvent, EVENT_SOURCE } from '../platform/events/contract.ts';
import * as z from '../platform/schemas/zod.ts';

const applicationId = z.string().check(z.regex(/^[a-z]+-\d{4}-\d{4}-[0-9a-f]{12}$/));
const sessionId = z.string().check(z.minLength(1), z.maxLength(200));

/**
 * A participant named or changed its roster. Ids only, no names or addresses: the consumer
 * reads the roster from the table and confirms it by email once per version.
 */
export const RosterChanged = defineEvent({
  source: EVENT_SOURCE,
  detailType: 'RosterChanged',
  description:
    'A participant named or changed its roster (lead facilitators, or CNZ representative and alternate); consumers read it from the table by id and version.',
  detail: z.strictObject({
    applicationId,
    cohort: z.enum(COHORT_IDS),
    zone: z.enum(ZONE_CODES),
    version: z.number().check(z.int(), z.minimum(1)),
    changedAt: z.iso.datetime(),
  }),
});

/** A facilitator moved or cancelled a monthly session: every roster member gets the updated or cancelled invitation. */
export const SessionChanged = defineEvent({
  source: EVENT_SOURCE,
  detailType: 'SessionChanged',
  description:
    'A facilitator moved or cancelled a monthly session; every roster member gets the updated (METHOD:REQUEST) or cancelled (METHOD:CANCEL) invitation with this SEQUENCE.',
  detail: z.strictObject({
    cohort: z.enum(COHORT_IDS),
    sessionId,
    sessionDate: z.iso.date(),
    sequence: z.number().check(z.int(), z.minimum(1)),
    change: z.enum(['moved', 'cancelled']),
    changedAt: z.iso.datetime(),
  }),
});

/** A facilitator posted (or corrected) the video and slide links of a session. */
export const SessionMaterialsPosted = defineEvent({
  source: EVENT_SOURCE,
  detailType: 'SessionMaterialsPosted',
  description:
    "A facilitator posted a session's video and slide links (revision 1) or corrected them (a later revision); every roster member gets them by email, once per revision.",
  detail: z.strictObject({
    cohort: z.enum(COHORT_IDS),
    sessionId,
    sessionDate: z.iso.date(),
    revision: z.number().check(z.int(), z.minimum(1)),
    postedAt: z.iso.datetime(),
  }),
});

export type RosterChangedDetail = z.infer<typeof RosterChanged.detail>;
export type SessionChangedDetail = z.infer<typeof SessionChanged.detail>;
export type SessionMaterialsPostedDetail = z.infer<typeof SessionMaterialsPosted.detail>;
