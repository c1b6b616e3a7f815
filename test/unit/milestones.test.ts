import { describe, expect, it } from 'vitest';
import { dueMilestones, milestonesOf } from '../../shared/domain/cohort/milestones.ts';
import { getCohort } from '../../shared/domain/cohort/registry.ts';

const milestones = milestonesOf(getCohort('2022-2023'));
const at = (id: string) => milestones.find((milestone) => milestone.id === id)?.dueAt.toISOString();

describe('the 2022-2023 milestones', () => {
  it('closes windows at midnight ending the due date and releases at 9:00 AM Central on the notification date', () => {
    expect(at('2022-2023/window-closed/SDZ')).toBe('2022-09-10T05:00:00.000Z');
    expect(at('2022-2023/window-closed/ILDZ')).toBe('2022-09-17T05:00:00.000Z');
    expect(at('2022-2023/release/SDZ')).toBe('2022-09-15T14:00:00.000Z');
    expect(at('2022-2023/release/ILDZ')).toBe('2022-09-23T14:00:00.000Z');
    expect(milestones.some((milestone) => milestone.id.includes('window-closed/CNZ'))).toBe(false);
  });

  it('invites at 8:00 AM on August 19 and reminds invitees 7 days before each due date', () => {
    expect(at('2022-2023/invitations')).toBe('2022-08-19T13:00:00.000Z');
    expect(at('2022-2023/deadline-reminder/SDZ/7')).toBe('2022-09-02T14:00:00.000Z');
    expect(at('2022-2023/deadline-reminder/ILDZ/7')).toBe('2022-09-09T14:00:00.000Z');
  });

  it('reminds 7 and 1 days before each session at 10:00 Central, on the right side of both DST changes', () => {
    const sessionReminders = milestones.filter((milestone) => milestone.kind === 'SessionReminderDue');
    expect(sessionReminders).toHaveLength(18);
    // 7 days before November 9 is November 2, still daylight time; 1 day before is standard time.
    expect(at('2022-2023/session/2022-11-09/reminder/7')).toBe('2022-11-02T15:00:00.000Z');
    expect(at('2022-2023/session/2022-11-09/reminder/1')).toBe('2022-11-08T16:00:00.000Z');
    expect(at('2022-2023/session/2023-03-08/reminder/7')).toBe('2023-03-01T16:00:00.000Z');
    expect(at('2022-2023/session/2023-04-12/reminder/7')).toBe('2023-04-05T15:00:00.000Z');
    expect(at('2022-2023/session/2023-06-14/reminder/1')).toBe('2023-06-13T15:00:00.000Z');
  });

  it("moves a moved session's reminders to 7 and 1 days before its new time, under new ids, and drops a cancelled session's", () => {
    const replanned = milestonesOf(
      getCohort('2022-2023'),
      new Map([
        // January 11 moved (on November 20) to January 18, 1:00 PM CST; March 8 moved (on March 5) to March 9: its
        // 7-day moment had passed.
        [
          '2023-01-11',
          { cancelled: false, date: '2023-01-18', start: '13:00', changedAt: new Date('2022-11-20T16:00:00Z') },
        ],
        [
          '2023-03-08',
          { cancelled: false, date: '2023-03-09', start: '10:00', changedAt: new Date('2023-03-05T16:00:00Z') },
        ],
        [
          '2023-02-08',
          { cancelled: true, date: '2023-02-08', start: '10:00', changedAt: new Date('2023-01-20T16:00:00Z') },
        ],
      ] as const),
    );
    const reminders = (sessionDate: string) =>
      replanned
        .filter((milestone) => milestone.kind === 'SessionReminderDue' && milestone.sessionDate === sessionDate)
        .map((milestone) => ({ id: milestone.id, dueAt: milestone.dueAt.toISOString() }));
    expect(reminders('2023-01-11')).toEqual([
      { id: '2022-2023/session/2023-01-11/reminder/7@2023-01-18T19:00:00.000Z', dueAt: '2023-01-11T19:00:00.000Z' },
      { id: '2022-2023/session/2023-01-11/reminder/1@2023-01-18T19:00:00.000Z', dueAt: '2023-01-17T19:00:00.000Z' },
    ]);
    expect(reminders('2023-03-08')).toEqual([
      { id: '2022-2023/session/2023-03-08/reminder/1@2023-03-09T16:00:00.000Z', dueAt: '2023-03-08T16:00:00.000Z' },
    ]);
    expect(reminders('2023-02-08')).toEqual([]);
    expect(reminders('2022-12-14')).toEqual([
      { id: '2022-2023/session/2022-12-14/reminder/7', dueAt: '2022-12-07T16:00:00.000Z' },
      { id: '2022-2023/session/2022-12-14/reminder/1', dueAt: '2022-12-13T16:00:00.000Z' },
    ]);
  });

  it("sends no late reminder for a session moved away and back after the reminder's moment", () => {
    // November 9 moved to November 10 on October 30, then back to November 9, 10:00 on November 3:
    // its 7-day reminder (November 2) had passed at the last change, which sent the invitation again.
    const replanned = milestonesOf(
      getCohort('2022-2023'),
      new Map([
        [
          '2022-11-09',
          { cancelled: false, date: '2022-11-09', start: '10:00', changedAt: new Date('2022-11-03T17:00:00Z') },
        ],
      ] as const),
    );
    const reminders = replanned.filter(
      (milestone) => milestone.kind === 'SessionReminderDue' && milestone.sessionDate === '2022-11-09',
    );
    expect(reminders.map((milestone) => ({ id: milestone.id, dueAt: milestone.dueAt.toISOString() }))).toEqual([
      { id: '2022-2023/session/2022-11-09/reminder/1', dueAt: '2022-11-08T16:00:00.000Z' },
    ]);
    expect(
      dueMilestones(replanned, new Date('2022-11-03T18:00:00Z'), new Set()).map((milestone) => milestone.id),
    ).not.toContain('2022-2023/session/2022-11-09/reminder/7');
  });

  it('gives the SDZ planning meeting its own reminders', () => {
    expect(at('2022-2023/planning/2022-10-03/reminder/7')).toBe('2022-09-26T15:00:00.000Z');
    expect(at('2022-2023/planning/2022-10-03/reminder/1')).toBe('2022-10-02T15:00:00.000Z');
  });

  it('keeps every milestone id unique and the list in time order', () => {
    expect(new Set(milestones.map((milestone) => milestone.id)).size).toBe(milestones.length);
    const times = milestones.map((milestone) => milestone.dueAt.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });
});

describe('which milestones are due', () => {
  it('catches up on milestones missed within three days, and never publishes older ones again', () => {
    const now = new Date('2022-09-17T06:00:00Z');
    const due = dueMilestones(milestones, now, new Set()).map((milestone) => milestone.id);

    expect(due).toContain('2022-2023/window-closed/ILDZ');
    expect(due).toContain('2022-2023/release/SDZ');
    expect(due).not.toContain('2022-2023/window-closed/SDZ');
    expect(due).not.toContain('2022-2023/invitations');
    expect(dueMilestones(milestones, new Date('2023-12-01T00:00:00Z'), new Set())).toEqual([]);
  });

  it('leaves out what is done and what is not yet due', () => {
    const now = new Date('2022-09-15T14:00:00Z');
    expect(
      dueMilestones(milestones, now, new Set(['2022-2023/release/SDZ'])).map((milestone) => milestone.id),
    ).not.toContain('2022-2023/release/SDZ');
    expect(
      dueMilestones(milestones, new Date('2022-09-15T13:59:59Z'), new Set()).map((milestone) => milestone.id),
    ).not.toContain('2022-2023/release/SDZ');
  });
});
