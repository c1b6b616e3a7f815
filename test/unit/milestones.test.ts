import { describe, expect, it } from 'vitest';
import { dueMilestones, milestonesOf } from '../../shared/cohort/milestones.ts';
import { getCohort } from '../../shared/cohort/registry.ts';

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
    expect(dueMilestones(milestones, now, new Set(['2022-2023/release/SDZ'])).map((milestone) => milestone.id)).not.toContain('2022-2023/release/SDZ');
    expect(dueMilestones(milestones, new Date('2022-09-15T13:59:59Z'), new Set()).map((milestone) => milestone.id)).not.toContain('2022-2023/release/SDZ');
  });
});
