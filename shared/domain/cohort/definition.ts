import * as z from '../../platform/schemas/zod.ts';
import { isLocalDate, isLocalTime, type LocalDate, type LocalTime } from '../../platform/time/local-date.ts';
import { ZONE_CODES } from '../zones.ts';
import { cohortIdSchema } from './cohort-id.ts';

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

const meeting = z.strictObject({
  title: z.string().check(z.minLength(1), z.maxLength(200)),
  date: localDate,
  start: localTime,
  end: localTime,
  location: z.string().check(z.minLength(1), z.maxLength(200)),
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

/** One cohort of the Innovation Zones: all dates and rules as data, validated. */
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
  })
  .check(
    z.superRefine((cohort, context) => {
      for (const code of ZONE_CODES) {
        const zone = cohort.zones[code];
        if (zone.due !== null && zone.due < zone.opens) {
          context.addIssue({ code: 'custom', path: ['zones', code, 'due'], message: 'must not be before opens' });
        }
        if (zone.review && zone.review.to < zone.review.from) {
          context.addIssue({
            code: 'custom',
            path: ['zones', code, 'review', 'to'],
            message: 'must not be before review.from',
          });
        }
        if (zone.review && zone.due !== null && zone.review.from <= zone.due) {
          context.addIssue({
            code: 'custom',
            path: ['zones', code, 'review', 'from'],
            message: 'must be after the due date',
          });
        }
        if (zone.notify !== null && zone.due !== null && zone.notify <= zone.due) {
          context.addIssue({ code: 'custom', path: ['zones', code, 'notify'], message: 'must be after the due date' });
        }
      }
      if (cohort.rollover.from === cohort.rollover.to) {
        context.addIssue({ code: 'custom', path: ['rollover', 'to'], message: 'must differ from rollover.from' });
      }
      for (const [index, item] of [...cohort.informationalMeetings, cohort.planningMeeting].entries()) {
        if (item.end <= item.start) {
          const path =
            index < cohort.informationalMeetings.length
              ? ['informationalMeetings', index, 'end']
              : ['planningMeeting', 'end'];
          context.addIssue({ code: 'custom', path, message: 'must be after start' });
        }
      }
      if (cohort.monthlySessions.end <= cohort.monthlySessions.start) {
        context.addIssue({ code: 'custom', path: ['monthlySessions', 'end'], message: 'must be after start' });
      }
      if (cohort.monthlySessions.toMonth < cohort.monthlySessions.fromMonth) {
        context.addIssue({
          code: 'custom',
          path: ['monthlySessions', 'toMonth'],
          message: 'must not be before fromMonth',
        });
      }
    }),
  );

export type CohortDefinition = z.infer<typeof cohortDefinitionSchema>;
export type CohortInput = z.input<typeof cohortDefinitionSchema>;
