import { describe, expect, it } from 'vitest';
import { type AudienceCounts, buildCalendar, type MilestoneRecord } from '../../shared/cohorts/calendar.ts';
import { milestonesOf } from '../../shared/domain/cohort/milestones.ts';
import { getCohort } from '../../shared/domain/cohort/registry.ts';
import type { SessionOverride } from '../../shared/participation/model.ts';

const cohort = getCohort('2022-2023');
const AUDIENCES: AudienceCounts = {
  invitationsOwed: 12,
  invitationsSent: 0,
  notApplied: { SDZ: 5, ILDZ: 7, CNZ: 3 },
  sessionAddressees: 9,
  planningAddressees: 4,
  decided: { SDZ: 6, ILDZ: 2, CNZ: 0 },
  boardResolutionsOwed: 1,
};

function calendarAt(
  now: string,
  options: {
    records?: Record<string, MilestoneRecord>;
    overrides?: Map<string, SessionOverride>;
    audiences?: Partial<AudienceCounts>;
  } = {},
) {
  return buildCalendar({
    cohort,
    overrides: options.overrides ?? new Map(),
    records: new Map(Object.entries(options.records ?? {})),
    audiences: { ...AUDIENCES, ...options.audiences },
    now: new Date(now),
  });
}

const entry = (entries: ReturnType<typeof calendarAt>, what: string) => entries.find((item) => item.what === what);

describe('the calendar of the 2022-2023 cohort', () => {
  it('lists exactly the milestones the dispatcher plans, with the meetings, in time order', () => {
    const entries = calendarAt('2022-08-01T00:00:00Z');
    const milestoneIds = entries.flatMap((item) => (item.milestoneId ? [item.milestoneId] : []));
    expect(milestoneIds).toEqual(milestonesOf(cohort).map((milestone) => milestone.id));
    // 3 informational meetings, the planning meeting, 9 monthly sessions.
    expect(entries.length - milestoneIds.length).toBe(13);
    const instants = entries.map((item) => item.at);
    expect(instants).toEqual([...instants].sort());
  });

  it('places each entry in UTC and on the Central wall clock, on both sides of the DST changes', () => {
    const entries = calendarAt('2022-08-01T00:00:00Z');
    expect(entry(entries, 'Invitations')).toEqual({
      kind: 'InvitationsDue',
      what: 'Invitations',
      milestoneId: '2022-2023/invitations',
      at: '2022-08-19T13:00:00.000Z',
      local: '2022-08-19 08:00 CDT',
      state: 'planned',
      recipients: 12,
    });
    expect(entry(entries, 'Window closes SDZ')).toMatchObject({
      at: '2022-09-10T05:00:00.000Z',
      local: '2022-09-10 00:00 CDT',
    });
    expect(entry(entries, 'Window closes SDZ')).not.toHaveProperty('recipients');
    expect(entry(entries, 'Deadline reminder SDZ, 7 days before')).toMatchObject({
      at: '2022-09-02T14:00:00.000Z',
      local: '2022-09-02 09:00 CDT',
      recipients: 5,
    });
    expect(entry(entries, 'Results release ILDZ')).toMatchObject({ at: '2022-09-23T14:00:00.000Z', recipients: 2 });
    expect(entry(entries, 'Session reminder, 7 days before the 2022-11-09 session')).toMatchObject({
      at: '2022-11-02T15:00:00.000Z',
      local: '2022-11-02 10:00 CDT',
      recipients: 9,
    });
    expect(entry(entries, 'Session reminder, 1 day before the 2022-11-09 session')).toMatchObject({
      at: '2022-11-08T16:00:00.000Z',
      local: '2022-11-08 10:00 CST',
    });
    expect(entry(entries, 'Session reminder, 7 days before the 2023-03-08 session')).toMatchObject({
      local: '2023-03-01 10:00 CST',
    });
    expect(entry(entries, 'Board resolution reminder, round 26')).toMatchObject({
      at: '2023-03-16T14:00:00.000Z',
      local: '2023-03-16 09:00 CDT',
      recipients: 1,
    });
    expect(entry(entries, 'Planning meeting notice, 7 days before')).toMatchObject({
      local: '2022-09-26 10:00 CDT',
      recipients: 4,
    });
    expect(entry(entries, 'Innovation Zones monthly session, November 2022')).toEqual({
      kind: 'MonthlySession',
      what: 'Innovation Zones monthly session, November 2022',
      at: '2022-11-09T16:00:00.000Z',
      local: '2022-11-09 10:00 CST',
      state: 'planned',
    });
  });

  it('tells sent, in-progress, planned, skipped and past apart', () => {
    const now = '2022-09-11T12:00:00Z';
    const entries = calendarAt(now, {
      records: {
        '2022-2023/invitations': { status: 'sent', sentAt: '2022-08-19T13:00:05.000Z' },
        '2022-2023/window-closed/SDZ': { status: 'claimed' },
      },
    });
    expect(entry(entries, 'Invitations')).toMatchObject({ state: 'sent', sentAt: '2022-08-19T13:00:05.000Z' });
    expect(entry(entries, 'Window closes SDZ')?.state).toBe('in-progress');
    // Due on September 9 and within the dispatcher's 3-day catch-up window: the next tick publishes it.
    expect(entry(entries, 'Deadline reminder ILDZ, 7 days before')?.state).toBe('planned');
    // Due on September 2 with no record: too late for the dispatcher, never to be sent.
    expect(entry(entries, 'Deadline reminder SDZ, 7 days before')?.state).toBe('skipped');
    expect(entry(entries, 'Results release SDZ')?.state).toBe('planned');
    expect(entries.filter((item) => item.kind === 'InformationalMeeting').map((item) => item.state)).toEqual([
      'past',
      'past',
      'past',
    ]);
    // Four years on, a milestone without a record is older than the ledger's 400 days: sent or not, none can tell.
    expect(entry(calendarAt('2026-12-07T00:00:00Z'), 'Invitations')?.state).toBe('past');
  });

  it('counts recipients only for what is still to go out: none for sent, skipped and past mailings', () => {
    const entries = calendarAt('2022-09-11T12:00:00Z', {
      records: { '2022-2023/invitations': { status: 'sent', sentAt: '2022-08-19T13:00:05.000Z' } },
    });
    expect(entry(entries, 'Invitations')).toMatchObject({ state: 'sent', recipients: null });
    expect(entry(entries, 'Deadline reminder SDZ, 7 days before')).toMatchObject({
      state: 'skipped',
      recipients: null,
    });
    expect(entry(entries, 'Deadline reminder ILDZ, 7 days before')).toMatchObject({ state: 'planned', recipients: 7 });
    expect(entry(entries, 'Window closes SDZ')).toMatchObject({
      note: 'emails the facilitators: the review queue is ready',
    });
    expect(entry(calendarAt('2026-12-07T00:00:00Z'), 'Results release SDZ')).toMatchObject({
      state: 'past',
      recipients: null,
    });
  });

  it('shows a claim as in-progress while its lease may run, then as stalled', () => {
    const claimedUntil = Date.parse('2022-09-10T05:02:00Z') / 1000;
    const records = { '2022-2023/window-closed/SDZ': { status: 'claimed' as const, claimedUntil } };
    expect(entry(calendarAt('2022-09-10T05:01:00Z', { records }), 'Window closes SDZ')?.state).toBe('in-progress');
    const stalled = entry(calendarAt('2022-09-10T05:03:00Z', { records }), 'Window closes SDZ');
    expect(stalled).toMatchObject({ state: 'stalled' });
    expect(stalled?.note).toMatch(/^claimed, but its claim lease ran out/);
    // A claim recorded without its lease end: live at most until the catch-up window and one lease have passed.
    const unknownLease = { '2022-2023/invitations': { status: 'claimed' as const } };
    expect(entry(calendarAt('2022-08-22T12:00:00Z', { records: unknownLease }), 'Invitations')).toMatchObject({
      state: 'in-progress',
      recipients: 12,
    });
    expect(entry(calendarAt('2022-08-23T12:00:00Z', { records: unknownLease }), 'Invitations')?.state).toBe('stalled');
  });

  it('shows the invitations as sent on import when imports sent them though the milestone did not', () => {
    const imported = calendarAt('2022-09-11T12:00:00Z', { audiences: { invitationsSent: 3 } });
    expect(entry(imported, 'Invitations')).toMatchObject({
      state: 'sent',
      recipients: null,
      note: 'sent on import (3 in the ledger)',
    });
    expect(entry(calendarAt('2022-09-11T12:00:00Z'), 'Invitations')?.state).toBe('skipped');
  });

  it('shows moved and cancelled sessions as they stand, with the reminders they took out of the plan', () => {
    const change = { by: 'facilitator-sub-1', at: '2022-12-09T16:00:00.000Z' };
    const overrides = new Map<string, SessionOverride>([
      [
        '2023-01-11',
        {
          cohort: '2022-2023',
          sessionDate: '2023-01-11',
          sessionId: '2022-2023/session/2023-01-11',
          sequence: 1,
          announcedSequence: 1,
          status: 'moved',
          date: '2023-01-18',
          start: '13:00',
          end: '15:00',
          changes: [{ sequence: 1, status: 'moved', date: '2023-01-18', start: '13:00', end: '15:00', ...change }],
        } as SessionOverride,
      ],
      [
        '2022-12-14',
        {
          cohort: '2022-2023',
          sessionDate: '2022-12-14',
          sessionId: '2022-2023/session/2022-12-14',
          sequence: 1,
          announcedSequence: 1,
          status: 'cancelled',
          date: '2022-12-14',
          start: '10:00',
          end: '12:00',
          changes: [{ sequence: 1, status: 'cancelled', date: '2022-12-14', start: '10:00', end: '12:00', ...change }],
        } as SessionOverride,
      ],
    ]);
    const entries = calendarAt('2022-12-10T00:00:00Z', {
      overrides,
      records: { '2022-2023/session/2022-12-14/reminder/7': { status: 'sent', sentAt: '2022-12-07T16:00:01.000Z' } },
    });
    expect(entry(entries, 'Innovation Zones monthly session, January 2023')).toMatchObject({
      at: '2023-01-18T19:00:00.000Z',
      local: '2023-01-18 13:00 CST',
      state: 'planned',
      note: 'moved from 2023-01-11',
    });
    const january = entries.filter((item) => item.what.includes('before the 2023-01-11 session'));
    expect(january.map((item) => [item.local, item.state, item.milestoneId])).toEqual([
      ['2023-01-04 10:00 CST', 'skipped', '2022-2023/session/2023-01-11/reminder/7'],
      ['2023-01-10 10:00 CST', 'skipped', '2022-2023/session/2023-01-11/reminder/1'],
      ['2023-01-11 13:00 CST', 'planned', '2022-2023/session/2023-01-11/reminder/7@2023-01-18T19:00:00.000Z'],
      ['2023-01-17 13:00 CST', 'planned', '2022-2023/session/2023-01-11/reminder/1@2023-01-18T19:00:00.000Z'],
    ]);
    expect(entry(entries, 'Innovation Zones monthly session, December 2022')?.state).toBe('cancelled');
    const december = entries.filter((item) => item.what.includes('before the 2022-12-14 session'));
    expect(december.map((item) => [item.state, item.note])).toEqual([
      ['sent', 'the session was cancelled after this reminder went out'],
      ['skipped', 'the session was cancelled'],
    ]);
  });
});
