/**
 * What a scheduled cohort may still change (shared/cohorts/scheduled-changes.ts), rule by rule,
 * on the 2027-2028 copy of the seed: invitations Friday 2027-08-20 08:00 CDT, informational
 * meetings 08-26, 09-01 and 09-02, the SDZ window due 09-10 and notified 09-16, the ILDZ's due
 * 09-17, the planning meeting Monday 10-04 10:00-15:00 (reminded 7 days and 1 day before) and the
 * sessions on the second Wednesday from 2027-10-13 to 2028-06-14, all America/Chicago.
 */
import { describe, expect, it } from 'vitest';
import { cohort2022to2023 } from '../../infra/local/seed/cohort-2022-2023.ts';
import { refusedPaths, reviewScheduledChange } from '../../shared/cohorts/scheduled-changes.ts';
import { setPaths } from '../../shared/cohorts/set-paths.ts';
import { copyCohortForward } from '../../shared/domain/cohort/copy-forward.ts';
import { type CohortDefinition, cohortDefinitionSchema } from '../../shared/domain/cohort/definition.ts';

const before = cohortDefinitionSchema.parse(
  copyCohortForward(cohortDefinitionSchema.parse(cohort2022to2023), { id: '2027-2028' }).definition,
);

/** The cohort with `set` applied, as the PATCH route makes it. */
function changed(set: Record<string, unknown>): CohortDefinition {
  const result = setPaths(before, set);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return cohortDefinitionSchema.parse(result.value);
}

const review = (set: Record<string, unknown>, now: string) =>
  reviewScheduledChange(before, changed(set), new Date(now));
const fields = (set: Record<string, unknown>, now: string) => review(set, now).refusals.map((refusal) => refusal.field);

/** Before anything of the cohort happened. */
const EARLY = '2027-08-01T15:00:00Z';

describe('reviewScheduledChange', () => {
  it('takes an unchanged cohort, and one whose change lies wholly ahead, without refusal or note', () => {
    expect(reviewScheduledChange(before, before, new Date('2027-11-01T15:00:00Z'))).toEqual({
      refusals: [],
      notes: [],
    });
    expect(review({ 'zones.CNZ.due': '2027-10-01', 'zones.CNZ.notify': '2027-10-08' }, EARLY)).toEqual({
      refusals: [],
      notes: [],
    });
  });

  it('refuses each frozen field by its path, however early', () => {
    const refused = review(
      {
        timeZone: 'America/Denver',
        'rollover.policy': 'consider',
        'rosterLimits.SDZ.leadFacilitators': 4,
        reminderOffsetsDays: [7],
        'monthlySessions.weekday': 4,
        'monthlySessions.start': '11:00',
      },
      EARLY,
    ).refusals;
    for (const field of [
      'timeZone',
      'rollover',
      'rosterLimits',
      'reminderOffsetsDays',
      'monthlySessions.weekday',
      'monthlySessions.start',
    ])
      expect(refused).toContainEqual({ field, message: 'cannot change once the cohort is scheduled' });
    expect(fields({ 'monthlySessions.end': '12:30' }, EARLY)).toEqual(['monthlySessions.end']);
  });

  it('refuses to change a window date that has come, or to set one to today or before', () => {
    const now = '2027-09-12T15:00:00Z';
    expect(review({ 'zones.SDZ.due': '2027-09-11' }, now).refusals).toContainEqual({
      field: 'zones.SDZ.due',
      message: '2027-09-10 has come (today is 2027-09-12): it cannot change now',
    });
    expect(review({ 'zones.ILDZ.due': '2027-09-12' }, now).refusals).toContainEqual({
      field: 'zones.ILDZ.due',
      message: 'must be after today (2027-09-12)',
    });
    // A date not yet come may be set ahead, its 7-day reminder (September 23) ahead too.
    expect(review({ 'zones.CNZ.due': '2027-09-30' }, now).refusals).toEqual([]);
    // Not the ILDZ's, not come either: its 7-day reminder went out on September 10 (the net below).
    expect(fields({ 'zones.ILDZ.due': '2027-09-20' }, now)).toEqual(['zones.ILDZ.due']);
  });

  it('refuses to move the invitations once they went out, or to a moment already past', () => {
    expect(review({ invitationDate: '2027-08-19' }, '2027-08-21T15:00:00Z').refusals).toContainEqual({
      field: 'invitationDate',
      message: 'the invitations went out at Friday, August 20, 2027 at 8:00 AM CDT',
    });
    expect(review({ invitationDate: '2027-08-10' }, '2027-08-15T15:00:00Z').refusals).toContainEqual({
      field: 'invitationDate',
      message: 'Tuesday, August 10, 2027 at 8:00 AM CDT is not ahead (it is Sunday, August 15, 2027 at 10:00 AM CDT)',
    });
    expect(fields({ invitationDate: '2027-08-19' }, '2027-08-15T15:00:00Z')).toEqual([]);
  });

  it('refuses to change an informational meeting that has begun or to move one behind now; notes one moved after the invitations', () => {
    const now = '2027-08-30T15:00:00Z';
    expect(review({ 'informationalMeetings.0.joinUrl': 'https://zoom.example.org/j/1' }, now).refusals).toEqual([
      {
        field: 'informationalMeetings.0',
        message: 'the meeting of Thursday, August 26, 2027 at 10:00 AM CDT has begun',
      },
    ]);
    expect(review({ 'informationalMeetings.1.date': '2027-08-29' }, now).refusals).toContainEqual({
      field: 'informationalMeetings.1',
      message: 'Sunday, August 29, 2027 at 1:00 PM CDT is not ahead',
    });
    expect(review({ 'informationalMeetings.1.date': '2027-09-03' }, now)).toEqual({
      refusals: [],
      notes: ['The invitations already sent list informational meeting 2 as it was; invitees are not told.'],
    });
    // Before the invitations, nobody was told of it: no note.
    expect(review({ 'informationalMeetings.1.date': '2027-09-03' }, EARLY)).toEqual({ refusals: [], notes: [] });
  });

  it('refuses to change the planning meeting once begun, or to move it behind now', () => {
    expect(review({ 'planningMeeting.end': '16:00' }, '2027-10-04T16:00:00Z').refusals).toContainEqual({
      field: 'planningMeeting',
      message: 'it began at Monday, October 4, 2027 at 10:00 AM CDT',
    });
    expect(review({ 'planningMeeting.start': '09:00' }, '2027-10-04T14:30:00Z').refusals).toContainEqual({
      field: 'planningMeeting',
      message: 'Monday, October 4, 2027 at 9:00 AM CDT is not ahead',
    });
  });

  it('refuses to add or remove a session not after today, and takes one removed ahead', () => {
    const now = '2028-04-20T15:00:00Z';
    expect(review({ 'monthlySessions.toMonth': '2028-03' }, now).refusals).toContainEqual({
      field: 'monthlySessions.toMonth',
      message: 'would add or remove the session of 2028-04-12, not after today',
    });
    // May and June lie ahead. The weekly board resolution reminders run until the last session:
    // those of April 13 and 20, sent after the new last one (April 12), stay sent, not a refusal.
    expect(review({ 'monthlySessions.toMonth': '2028-04' }, now).refusals).toEqual([]);
    expect(fields({ 'monthlySessions.fromMonth': '2027-09' }, '2027-09-20T15:00:00Z')).toContain(
      'monthlySessions.fromMonth',
    );
  });

  it('notes that the reminders of sessions already held carried the old join details', () => {
    const link = { 'monthlySessions.joinUrl': 'https://zoom.example.org/j/2' };
    expect(review(link, '2027-10-20T15:00:00Z')).toEqual({
      refusals: [],
      notes: ['Reminders of sessions already held carried the old join details; the reminders ahead carry the new.'],
    });
    expect(review(link, '2027-10-12T15:00:00Z').notes).toEqual([]);
  });

  it('refuses, as its safety net, to re-date a milestone already due or to add one in the past', () => {
    // The ILDZ due date (September 17) has not come, but its 7-day reminder went out on September 10.
    expect(review({ 'zones.ILDZ.due': '2027-09-20' }, '2027-09-12T15:00:00Z').refusals).toEqual([
      {
        field: 'zones.ILDZ.due',
        message: 'the ILDZ deadline reminder 7 days before went out at Friday, September 10, 2027 at 9:00 AM CDT',
      },
    ]);
    // A CNZ due date of tomorrow puts its 7-day reminder in the past.
    expect(review({ 'zones.CNZ.due': '2027-09-21' }, '2027-09-20T15:00:00Z').refusals).toEqual([
      {
        field: 'zones.CNZ.due',
        message:
          'the CNZ deadline reminder 7 days before would fall at Tuesday, September 14, 2027 at 9:00 AM CDT, already past',
      },
    ]);
  });

  it('takes a planning meeting moved after its 7-day reminder went out, if the new reminders lie ahead', () => {
    const now = '2027-09-28T15:00:00Z';
    // The 7-day reminder of October 4 went out on September 27; October 11's is on October 4.
    expect(review({ 'planningMeeting.date': '2027-10-11' }, now).refusals).toEqual([]);
    // A meeting on October 5 would have its 7-day reminder on September 28 at 10:00 CDT: past.
    expect(review({ 'planningMeeting.date': '2027-10-05' }, now).refusals).toEqual([
      {
        field: 'planningMeeting.date',
        message:
          "the planning meeting's 7-day reminder would fall at Tuesday, September 28, 2027 at 10:00 AM CDT, already past",
      },
    ]);
    // The same date at another hour keeps the reminder's id: the one sent cannot be re-dated.
    expect(review({ 'planningMeeting.start': '11:00' }, now).refusals).toEqual([
      {
        field: 'planningMeeting.date',
        message: "the planning meeting's 7-day reminder went out at Monday, September 27, 2027 at 10:00 AM CDT",
      },
      {
        field: 'planningMeeting.date',
        message:
          "the planning meeting's 7-day reminder would fall at Monday, September 27, 2027 at 11:00 AM CDT, already past",
      },
    ]);
  });

  it('lets the net speak only of fields the rules above did not refuse', () => {
    // A CNZ due date of today: its 7-day reminder would be past too, but the field is refused once.
    expect(review({ 'zones.CNZ.due': '2027-09-20' }, '2027-09-20T15:00:00Z').refusals).toEqual([
      { field: 'zones.CNZ.due', message: 'must be after today (2027-09-20)' },
    ]);
    expect(review({ 'zones.SDZ.notify': '2027-09-30' }, '2027-09-20T15:00:00Z').refusals).toEqual([
      { field: 'zones.SDZ.notify', message: '2027-09-16 has come (today is 2027-09-20): it cannot change now' },
    ]);
  });
});

describe('refusedPaths: what was set, before the changed cohort is checked', () => {
  const JOIN = 'https://zoom.example.org/j/1';
  /** The paths of `set`, set to its values. */
  const refused = (set: Record<string, unknown>, now: string) => {
    const changed = setPaths(before, set);
    if (!changed.ok) throw new Error(JSON.stringify(changed.errors));
    return refusedPaths(before, changed.value, Object.keys(set), new Date(now));
  };

  it('names a frozen field, or one inside or around it, as set', () => {
    const sessions = { ...before.monthlySessions, weekday: 4 };
    expect(
      refused({ timeZone: 'America/Denver', monthlySessions: sessions, 'rosterLimits.SDZ.alternates': 2 }, EARLY),
    ).toEqual([
      { field: 'timeZone', message: 'cannot change once the cohort is scheduled' },
      { field: 'monthlySessions', message: 'cannot change once the cohort is scheduled' },
      { field: 'rosterLimits.SDZ.alternates', message: 'cannot change once the cohort is scheduled' },
    ]);
  });

  it('names the invitation date once the invitations went out (later, it would fall after the windows open)', () => {
    expect(refused({ invitationDate: '2027-08-27' }, EARLY)).toEqual([]);
    expect(refused({ invitationDate: '2027-08-27', invitationTime: '09:00' }, '2027-08-20T14:00:00Z')).toEqual([
      { field: 'invitationDate', message: 'the invitations went out at Friday, August 20, 2027 at 8:00 AM CDT' },
      { field: 'invitationTime', message: 'the invitations went out at Friday, August 20, 2027 at 8:00 AM CDT' },
    ]);
  });

  it('names a zone date that has come, a meeting begun, and takes what lies ahead', () => {
    const now = '2027-09-11T15:00:00Z';
    expect(
      refused(
        {
          'zones.SDZ.due': '2027-09-24',
          'zones.SDZ.notify': '2027-09-30',
          'informationalMeetings.2.joinUrl': JOIN,
          'planningMeeting.date': '2027-10-11',
        },
        now,
      ),
    ).toEqual([
      { field: 'zones.SDZ.due', message: '2027-09-10 has come (today is 2027-09-11): it cannot change now' },
      {
        field: 'informationalMeetings.2.joinUrl',
        message: 'the meeting of Thursday, September 2, 2027 at 9:00 AM CDT has begun',
      },
    ]);
  });

  it('takes a path set to the value it holds, or a whole object whose passed dates stay: no change there', () => {
    const now = '2027-09-11T15:00:00Z';
    expect(refused({ 'zones.SDZ.due': before.zones.SDZ.due }, now)).toEqual([]);
    expect(refused({ 'zones.ILDZ': { ...before.zones.ILDZ, notify: '2027-09-30' } }, now)).toEqual([]);
    expect(refused({ 'zones.ILDZ': { ...before.zones.ILDZ, opens: '2027-08-21' } }, now)).toEqual([
      { field: 'zones.ILDZ', message: '2027-08-20 has come (today is 2027-09-11): it cannot change now' },
    ]);
    expect(refused({ timeZone: before.timeZone }, now)).toEqual([]);
  });
});
