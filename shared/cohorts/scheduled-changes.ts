import { informationalMeetings, monthlySessions, planningMeeting } from '../domain/cohort/calendar.ts';
import type { CohortDefinition } from '../domain/cohort/definition.ts';
import { type Milestone, milestonesOf } from '../domain/cohort/milestones.ts';
import { ZONE_CODES } from '../domain/zones.ts';
import type { FieldError } from '../platform/schemas/validation-errors.ts';
import type { LocalDate } from '../platform/time/local-date.ts';
import { formatDateTime, localDateOf, zonedInstant } from '../platform/time/zoned.ts';

/**
 * What a scheduled cohort keeps as it is: changing them would re-date what was planned from
 * them (every session of the series, every reminder) or change the rules applicants were told.
 * One session moves through the sessions' own route, which tells its participants.
 */
const FROZEN_ONCE_SCHEDULED = [
  'timeZone',
  'rollover',
  'rosterLimits',
  'reminderOffsetsDays',
  'deadlineReminderDaysBefore',
  'boardResolutionReminder',
  'monthlySessions.weekday',
  'monthlySessions.ordinal',
  'monthlySessions.start',
  'monthlySessions.end',
  'monthlySessions.fromMonth',
] as const;

function valueAt(definition: Readonly<Record<string, unknown>> | CohortDefinition, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown>)?.[key], definition);
}

const same = (left: unknown, right: unknown) => JSON.stringify(left) === JSON.stringify(right);

/** The field a milestone comes from, for an error that names what to correct. */
function fieldOf(milestone: Milestone): string {
  switch (milestone.kind) {
    case 'InvitationsDue':
      return 'invitationDate';
    case 'WindowClosed':
    case 'DeadlineReminderDue':
      return `zones.${milestone.zone}.due`;
    case 'ReleaseDue':
      return `zones.${milestone.zone}.notify`;
    case 'BoardResolutionReminderDue':
      return 'zones.SDZ.notify';
    case 'SessionReminderDue':
      return 'monthlySessions';
    case 'PlanningMeetingReminderDue':
      return 'planningMeeting.date';
  }
}

function describe(milestone: Milestone): string {
  switch (milestone.kind) {
    case 'InvitationsDue':
      return 'the invitations';
    case 'WindowClosed':
      return `the closing of the ${milestone.zone} window`;
    case 'DeadlineReminderDue':
      return `the ${milestone.zone} deadline reminder ${milestone.daysBefore} days before`;
    case 'ReleaseDue':
      return `the ${milestone.zone} results`;
    case 'BoardResolutionReminderDue':
      return `board resolution reminder ${milestone.round}`;
    case 'SessionReminderDue':
      return `the ${milestone.offsetDays}-day reminder of the session of ${milestone.sessionDate}`;
    case 'PlanningMeetingReminderDue':
      return `the planning meeting's ${milestone.offsetDays}-day reminder`;
  }
}

export interface ScheduledChangeReview {
  /** Why the change is refused, one per field; empty when it may be saved. */
  readonly refusals: FieldError[];
  /** What the change does not reach (people already told otherwise), for the answer. */
  readonly notes: string[];
}

/**
 * A change of a scheduled cohort may touch only what lies ahead: dates after today, meetings
 * not yet begun. What already happened (a milestone published, a meeting held) is never
 * re-dated or planned again, and no milestone may land in the past (it would go out at once).
 */
export function reviewScheduledChange(
  before: CohortDefinition,
  after: CohortDefinition,
  now: Date,
): ScheduledChangeReview {
  const refusals: FieldError[] = [];
  const notes: string[] = [];
  const tz = before.timeZone;
  const today = localDateOf(now, tz);
  const at = (instant: Date) => formatDateTime(instant, tz);

  for (const path of FROZEN_ONCE_SCHEDULED)
    if (!same(valueAt(before, path), valueAt(after, path)))
      refusals.push({ field: path, message: 'cannot change once the cohort is scheduled' });

  const datedFields: string[] = ZONE_CODES.flatMap((zone) =>
    ['opens', 'due', 'notify', 'review.from', 'review.to'].map((field) => `zones.${zone}.${field}`),
  );
  for (const path of datedFields) {
    const [old, next] = [valueAt(before, path) as LocalDate | null, valueAt(after, path) as LocalDate | null];
    if (same(old, next)) continue;
    if (old !== null && old !== undefined && old <= today)
      refusals.push({ field: path, message: `${old} has come (today is ${today}): it cannot change now` });
    else if (next !== null && next !== undefined && next <= today)
      refusals.push({ field: path, message: `must be after today (${today})` });
  }

  const invitations = (cohort: CohortDefinition) => zonedInstant(cohort.invitationDate, cohort.invitationTime, tz);
  if (invitations(before).getTime() !== invitations(after).getTime()) {
    if (invitations(before) <= now)
      refusals.push({ field: 'invitationDate', message: `the invitations went out at ${at(invitations(before))}` });
    else if (invitations(after) <= now)
      refusals.push({ field: 'invitationDate', message: `${at(invitations(after))} is not ahead (it is ${at(now)})` });
  }
  const invitationsSent = invitations(before) <= now;

  const [meetingsBefore, meetingsAfter] = [informationalMeetings(before), informationalMeetings(after)];
  for (let index = 0; index < Math.max(meetingsBefore.length, meetingsAfter.length); index += 1) {
    if (same(before.informationalMeetings[index], after.informationalMeetings[index])) continue;
    const [old, next] = [meetingsBefore[index], meetingsAfter[index]];
    const field = `informationalMeetings.${index}`;
    if (old && old.start <= now) refusals.push({ field, message: `the meeting of ${at(old.start)} has begun` });
    else if (next && next.start <= now) refusals.push({ field, message: `${at(next.start)} is not ahead` });
    else if (invitationsSent)
      notes.push(
        `The invitations already sent list informational meeting ${index + 1} as it was; invitees are not told.`,
      );
  }

  if (!same(before.planningMeeting, after.planningMeeting)) {
    const [old, next] = [planningMeeting(before), planningMeeting(after)];
    if (old.start <= now) refusals.push({ field: 'planningMeeting', message: `it began at ${at(old.start)}` });
    else if (next.start <= now) refusals.push({ field: 'planningMeeting', message: `${at(next.start)} is not ahead` });
  }

  const sessionDates = (cohort: CohortDefinition) => new Set(monthlySessions(cohort).map((session) => session.date));
  const [sessionsBefore, sessionsAfter] = [sessionDates(before), sessionDates(after)];
  const addedOrRemoved = [
    ...[...sessionsBefore].filter((date) => !sessionsAfter.has(date)),
    ...[...sessionsAfter].filter((date) => !sessionsBefore.has(date)),
  ].filter((date) => date <= today);
  if (addedOrRemoved.length > 0)
    refusals.push({
      field: 'monthlySessions.toMonth',
      message: `would add or remove the session of ${addedOrRemoved.join(', ')}, not after today`,
    });
  const access = (cohort: CohortDefinition) => [cohort.monthlySessions.joinUrl, cohort.monthlySessions.dialIn];
  if (!same(access(before), access(after)) && monthlySessions(before).some((session) => session.start <= now))
    notes.push('Reminders of sessions already held carried the old join details; the reminders ahead carry the new.');

  // The net speaks only of fields the rules above did not refuse already.
  const refused = new Set(refusals.map((refusal) => refusal.field));
  refusals.push(...milestoneRefusals(before, after, now, at).filter((refusal) => !refused.has(refusal.field)));
  return { refusals: dedupe(refusals), notes };
}

/**
 * The paths a change sets, checked before the changed definition is: each that changes what a
 * scheduled cohort keeps, or what already came (a date of today or before, a meeting begun, the
 * invitations sent). So a refusal names what was set, not a neighbour that the changed value
 * would put out of order ("opens must not be before invitationDate"). `changed` is the cohort with
 * the paths set, not yet validated: a path set to the value it held is no change.
 */
export function refusedPaths(
  before: CohortDefinition,
  changed: Readonly<Record<string, unknown>>,
  paths: readonly string[],
  now: Date,
): FieldError[] {
  const tz = before.timeZone;
  const today = localDateOf(now, tz);
  const at = (instant: Date) => formatDateTime(instant, tz);
  const differs = (path: string) => !same(valueAt(before, path), valueAt(changed, path));
  const refusals: FieldError[] = [];
  for (const path of paths) {
    const touches = (field: string) => path === field || path.startsWith(`${field}.`) || field.startsWith(`${path}.`);
    const refuse = (message: string) => refusals.push({ field: path, message });
    if (FROZEN_ONCE_SCHEDULED.some((field) => touches(field) && differs(field))) {
      refuse('cannot change once the cohort is scheduled');
      continue;
    }
    const invitations = zonedInstant(before.invitationDate, before.invitationTime, tz);
    const invitationMoved = differs('invitationDate') || differs('invitationTime');
    if ((touches('invitationDate') || touches('invitationTime')) && invitationMoved && invitations <= now) {
      refuse(`the invitations went out at ${at(invitations)}`);
      continue;
    }
    const zoneDate = /^zones\.(SDZ|ILDZ|CNZ)(?:\.(opens|due|notify|review))?/.exec(path);
    if (zoneDate) {
      const prefix = `zones.${zoneDate[1]}`;
      const field = zoneDate[2];
      const fields = ['opens', 'due', 'notify', 'review.from', 'review.to'].filter(
        (name) => !field || name.split('.')[0] === field,
      );
      const come = fields
        .filter((name) => differs(`${prefix}.${name}`))
        .map((name) => valueAt(before, `${prefix}.${name}`) as LocalDate | null | undefined)
        .find((date): date is LocalDate => typeof date === 'string' && date <= today);
      if (come) refuse(`${come} has come (today is ${today}): it cannot change now`);
      continue;
    }
    const informational = /^informationalMeetings\.(\d+)/.exec(path);
    const meeting = informational ? informationalMeetings(before)[Number(informational[1])] : undefined;
    if (meeting && meeting.start <= now && differs(`informationalMeetings.${informational?.[1]}`))
      refuse(`the meeting of ${at(meeting.start)} has begun`);
    const planning = planningMeeting(before);
    if (touches('planningMeeting') && planning.start <= now && differs('planningMeeting'))
      refuse(`it began at ${at(planning.start)}`);
  }
  return refusals;
}

/**
 * The safety net under the rules above: each milestone due by now stays as it was, and none
 * is added or moved into the past. A moved planning meeting's past reminders are history of
 * the old date: they may go (its reminders ahead are planned for the new date). So may the
 * board resolution reminders sent after the last session of a series ended sooner (sessions
 * ahead removed): they run until the last session, and those sent stay sent.
 */
function milestoneRefusals(
  before: CohortDefinition,
  after: CohortDefinition,
  now: Date,
  at: (instant: Date) => string,
): FieldError[] {
  const refusals: FieldError[] = [];
  const [planned, replanned] = [milestonesOf(before), milestonesOf(after)];
  const byId = (milestones: Milestone[]) => new Map(milestones.map((milestone) => [milestone.id, milestone]));
  const [beforeById, afterById] = [byId(planned), byId(replanned)];
  const movedMeeting = planningMeeting(before).id !== planningMeeting(after).id;
  const lastSession = (cohort: CohortDefinition) => monthlySessions(cohort).at(-1)?.date ?? '';
  const endedSooner = lastSession(after) < lastSession(before);
  for (const milestone of planned) {
    if (milestone.dueAt > now) continue;
    if (movedMeeting && milestone.kind === 'PlanningMeetingReminderDue') continue;
    if (endedSooner && milestone.kind === 'BoardResolutionReminderDue' && !afterById.has(milestone.id)) continue;
    const kept = afterById.get(milestone.id);
    if (!kept || kept.dueAt.getTime() !== milestone.dueAt.getTime())
      refusals.push({
        field: fieldOf(milestone),
        message: `${describe(milestone)} went out at ${at(milestone.dueAt)}`,
      });
  }
  for (const milestone of replanned) {
    if (milestone.dueAt > now) continue;
    const was = beforeById.get(milestone.id);
    if (!was || was.dueAt.getTime() !== milestone.dueAt.getTime())
      refusals.push({
        field: fieldOf(milestone),
        message: `${describe(milestone)} would fall at ${at(milestone.dueAt)}, already past`,
      });
  }
  return refusals;
}

/** One refusal per field and message: several milestones of one date say the same thing. */
function dedupe(refusals: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return refusals.filter((refusal) => {
    const key = `${refusal.field}\n${refusal.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
