import { httpsLink } from '../../platform/schemas/https-link.ts';
import * as z from '../../platform/schemas/zod.ts';
import { isLocalDate, isLocalTime, type LocalDate, type LocalTime } from '../../platform/time/local-date.ts';
import { ZONE_CODES } from '../zones.ts';
import { cohortIdSchema } from './cohort-id.ts';
import { checkCohortRules } from './definition-rules.ts';
import { zoneTextsSchema } from './zone-texts.ts';

/**
 * A canonical IANA zone name ("America/Chicago"; not an alias like "US/Central"), or UTC.
 * Asked of the list rather than by building a formatter: a process's first
 * Intl.DateTimeFormat costs ~25 ms of a cold start (V8 loads its locale tables), and some
 * functions read a cohort without formatting any date.
 */
function isCanonicalTimeZone(zone: string): boolean {
  return zone === 'UTC' || Intl.supportedValuesOf('timeZone').includes(zone);
}

const localDate = z.pipe(
  z.string().check(z.refine(isLocalDate, 'must be a calendar date YYYY-MM-DD')),
  z.transform((value) => value as LocalDate),
);
const localTime = z.pipe(
  z.string().check(z.refine(isLocalTime, 'must be a time HH:MM (24 h)')),
  z.transform((value) => value as LocalTime),
);
const yearMonth = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM'));

/**
 * How to join a meeting from afar, both optional (null: none): every email and calendar
 * invitation about the meeting carries them.
 */
const meetingAccess = {
  /** The video call's join link (https only). */
  joinUrl: z._default(z.nullable(httpsLink), null),
  /** How to join by phone, one line: "+1 312 626 6799, meeting ID 812 3456 7890". */
  dialIn: z._default(
    z.nullable(
      z.string().check(
        z.minLength(1),
        z.maxLength(200),
        // No line break or other control character: the value reaches calendar text and email lines.
        z.regex(/^[^\p{Cc}\u2028\u2029]+$/u, 'must be one line'),
      ),
    ),
    null,
  ),
};

const meeting = z.strictObject({
  title: z.string().check(z.minLength(1), z.maxLength(200)),
  date: localDate,
  start: localTime,
  end: localTime,
  location: z.string().check(z.minLength(1), z.maxLength(200)),
  ...meetingAccess,
});

const zoneCalendar = z.strictObject({
  /** Applications are accepted from the start of this date. */
  opens: localDate,
  /** Applications are accepted until the end of this date; null while the source has not set one. */
  due: z.nullable(localDate),
  review: z.nullable(z.strictObject({ from: localDate, to: localDate })),
  /** Results go out on this date; null while not set. */
  notify: z.nullable(localDate),
});

const rosterLimits = z.strictObject({
  leadFacilitators: z.number().check(z.int(), z.minimum(0), z.maximum(10)),
  representatives: z.number().check(z.int(), z.minimum(0), z.maximum(5)),
  alternates: z.number().check(z.int(), z.minimum(0), z.maximum(5)),
});

/** One cohort of the Innovation Zones: all dates, rules and texts as data, validated field by field. */
export const cohortDefinitionSchema = z
  .strictObject({
    id: cohortIdSchema,
    name: z.string().check(z.minLength(1), z.maxLength(200)),
    timeZone: z.string().check(z.refine(isCanonicalTimeZone, 'must be an IANA time zone, by its canonical name')),
    invitationDate: localDate,
    informationalMeetings: z.array(meeting).check(z.maxLength(20)),
    zones: z.strictObject({ SDZ: zoneCalendar, ILDZ: zoneCalendar, CNZ: zoneCalendar }),
    rollover: z.strictObject({
      from: z.enum(ZONE_CODES),
      to: z.enum(ZONE_CODES),
      /** accept: placed in the target zone at once; consider: joins its review queue. */
      policy: z.enum(['accept', 'consider']),
    }),
    planningMeeting: z.extend(meeting, { zones: z.array(z.enum(ZONE_CODES)).check(z.minLength(1)) }),
    monthlySessions: z.strictObject({
      /** 0 = Sunday ... 6 = Saturday. */
      weekday: z.number().check(z.int(), z.minimum(0), z.maximum(6)),
      /** 1 = first ... 4 = fourth such weekday of the month. */
      ordinal: z.number().check(z.int(), z.minimum(1), z.maximum(4)),
      start: localTime,
      end: localTime,
      fromMonth: yearMonth,
      toMonth: yearMonth,
      location: z.string().check(z.minLength(1), z.maxLength(200)),
      /** One link (and dial-in) for the whole series. */
      ...meetingAccess,
    }),
    reminderOffsetsDays: z
      .array(z.number().check(z.int(), z.minimum(0), z.maximum(60)))
      .check(z.minLength(1), z.maxLength(5)),
    /** Wall-clock time at which the invitations go out on the invitation date. */
    invitationTime: z._default(localTime, '08:00' as LocalTime),
    /** Invitees who have not applied are reminded this many days before each zone's due date (09:00). */
    deadlineReminderDaysBefore: z._default(
      z.array(z.number().check(z.int(), z.minimum(1), z.maximum(30))).check(z.maxLength(3)),
      [7],
    ),
    /** Wall-clock time at which results go out on a zone's notification date. */
    notificationTime: z._default(localTime, '09:00' as LocalTime),
    /** Selected SDZ districts without a recorded board resolution are reminded this often. */
    boardResolutionReminder: z._default(
      z.strictObject({ everyDays: z.number().check(z.int(), z.minimum(1), z.maximum(60)), time: localTime }),
      { everyDays: 7, time: '09:00' as LocalTime },
    ),
    rosterLimits: z.strictObject({ SDZ: rosterLimits, ILDZ: rosterLimits, CNZ: rosterLimits }),
    /** What applicants read of each zone: the invitation and the reminders print it. */
    zoneTexts: zoneTextsSchema,
  })
  .check(z.superRefine(checkCohortRules));

export type CohortDefinition = z.infer<typeof cohortDefinitionSchema>;
export type CohortInput = z.input<typeof cohortDefinitionSchema>;
