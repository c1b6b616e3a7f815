import { applicationIdSchema } from '../applications/application-id.ts';
import { knownCohortIdSchema } from '../domain/cohort/registry.ts';
import { ZONE_CODES } from '../domain/zones.ts';
import { httpsLink } from '../platform/schemas/https-link.ts';
import { calendarDate, emailAddress, singleLine } from '../platform/schemas/text.ts';
import * as z from '../platform/schemas/zod.ts';
import { isLocalTime, type LocalDate, type LocalTime } from '../platform/time/local-date.ts';

/** The secret from the selection email; anything but the right one is a 403, so only its size is checked here. */
const secret = z
  .string()
  .check(z.minLength(1, 'must not be empty'), z.maxLength(200, 'must be at most 200 characters'));

/** A roster member as the applicant names them. */
export const rosterPersonSchema = z.strictObject({
  name: singleLine(120),
  title: singleLine(120),
  email: emailAddress,
});

/**
 * The most lead facilitators any cohort may allow (the cohort schema's bound); the cohort's
 * own limit (3 in the seed cohort) is checked once the application, and so its cohort, is known.
 */
export const MAX_LEAD_FACILITATORS_ANY_COHORT = 10;

/**
 * PUT /applications/{applicationId}/roster: SDZ and ILDZ participants send `leadFacilitators`,
 * CNZ participants `representative` and `alternate`; which fields a zone takes is checked
 * against the application, with the cohort's limits.
 */
export const rosterBodySchema = z.strictObject({
  secret,
  leadFacilitators: z.optional(
    z
      .array(rosterPersonSchema)
      .check(
        z.maxLength(MAX_LEAD_FACILITATORS_ANY_COHORT, `must name at most ${MAX_LEAD_FACILITATORS_ANY_COHORT} people`),
      ),
  ),
  representative: z.optional(rosterPersonSchema),
  alternate: z.optional(rosterPersonSchema),
});

export type RosterBody = z.output<typeof rosterBodySchema>;

/** ?secret= on GET /applications/{applicationId}/roster */
export const rosterQuerySchema = z.strictObject({ secret });

export const rosterPathSchema = z.strictObject({ applicationId: applicationIdSchema });

/** Largest roster body: 10 people of three 254-character fields in 4-byte characters, JSON-escaped, is far below. */
export const MAX_ROSTER_BODY_BYTES = 16 * 1024;

/** GET /facilitator/rosters?cohort[&zone] */
export const rosterListQuerySchema = z.strictObject({
  cohort: knownCohortIdSchema,
  zone: z.optional(z.enum(ZONE_CODES)),
});

const localTime = z.pipe(
  z.string().check(z.refine(isLocalTime, 'must be a time HH:MM (24 h) in Central time')),
  z.transform((value) => value as LocalTime),
);
const localDate = z.pipe(
  calendarDate,
  z.transform((value) => value as LocalDate),
);

/** The session, by the date the cohort scheduled it on (its identity, whatever changes). */
export const sessionPathSchema = z.strictObject({ sessionDate: localDate });

/** GET /facilitator/sessions?cohort */
export const sessionListQuerySchema = z.strictObject({ cohort: knownCohortIdSchema });

const note = z.optional(singleLine(500));

/**
 * PUT /facilitator/sessions/{sessionDate}: moves the session to a wall-clock date and times in
 * the cohort's time zone (Central time); `date` omitted keeps the session's current date.
 */
export const sessionMoveSchema = z.strictObject({
  cohort: knownCohortIdSchema,
  date: z.optional(localDate),
  start: localTime,
  end: localTime,
  note,
});

/** POST /facilitator/sessions/{sessionDate}/cancel */
export const sessionCancelSchema = z.strictObject({ cohort: knownCohortIdSchema, note });

/** POST /facilitator/sessions/{sessionDate}/materials */
export const materialsSchema = z.strictObject({
  cohort: knownCohortIdSchema,
  videoUrl: httpsLink,
  slidesUrl: httpsLink,
});
