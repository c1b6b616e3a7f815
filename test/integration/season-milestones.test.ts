import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetKnownMilestones } from '../../shared/season/dispatch-milestones.ts';
import { validApplication } from '../fixtures/applications.ts';
import { RuntimeHarness } from '../support/local-runtime.ts';

let harness: RuntimeHarness;

beforeAll(async () => {
  harness = await RuntimeHarness.start({
    clockStart: new Date('2022-09-08T15:00:00Z'),
    facilitatorEmails: 'lead@srsn.example.org,second@srsn.example.org',
  });
});
afterAll(() => harness.stop());

const queueReadyEmails = async () =>
  (await harness.inbox()).filter((email) => email.subject.startsWith('Review queue ready'));

describe('season milestones on the virtual clock', () => {
  it('tells the facilitators the SDZ queue is ready once, at the tick after the window closes, with counts per zone', async () => {
    expect((await harness.submit(validApplication('SDZ'))).status).toBe(201);
    const second = validApplication('SDZ');
    second.applicant.countyDistrictCode = '010-001';
    expect((await harness.submit(second)).status).toBe(201);
    expect((await harness.submit(validApplication('ILDZ'))).status).toBe(201);

    await harness.setClock('2022-09-10T04:59:59Z');
    expect(await queueReadyEmails()).toEqual([]);

    const moved = await harness.setClock('2022-09-10T05:00:00Z');
    expect(moved.body.ticks).toBe(1);
    const [email, ...others] = await queueReadyEmails();
    expect(others).toEqual([]);
    expect(email!.destination.to).toEqual(['lead@srsn.example.org', 'second@srsn.example.org']);
    expect(email!.subject).toBe('Review queue ready: System Design Zone (SDZ), 2 applications');
    expect(email!.body.text).toContain('closed on Saturday, September 10, 2022 at 12:00 AM CDT');
    expect(email!.body.text).toContain('- Innovative Learning Design Zone (ILDZ): 1 (1 awaiting review)');
    expect(email!.body.text).toContain(
      'Review is scheduled from Monday, September 12, 2022 to Wednesday, September 14, 2022.',
    );
  });

  it('sends nothing more when ticks repeat, and the ILDZ queue email when its window closes a week later', async () => {
    await harness.setClock('2022-09-12T12:00:00Z');
    expect(await queueReadyEmails()).toHaveLength(1);

    await harness.setClock('2022-09-17T05:14:59Z');
    const subjects = (await queueReadyEmails()).map((email) => email.subject);
    expect(subjects).toEqual([
      'Review queue ready: System Design Zone (SDZ), 2 applications',
      'Review queue ready: Innovative Learning Design Zone (ILDZ), 1 application',
    ]);
  });

  it('publishes each milestone once even when a cold dispatcher gets the same tick twice at once', async () => {
    const before = (await harness.inbox()).length;
    forgetKnownMilestones();

    const reports = await Promise.all([
      harness.runtime.functions.invoke('dispatchMilestones', { scheduledTime: '2022-09-17T05:00:00Z' }),
      harness.runtime.functions.invoke('dispatchMilestones', { scheduledTime: '2022-09-17T05:00:00Z' }),
    ]);
    await harness.runtime.bus.whenIdle();

    expect(reports).toEqual([
      { published: [], skippedInProgress: [] },
      { published: [], skippedInProgress: [] },
    ]);
    expect((await harness.inbox()).length).toBe(before);
    const ledger = (await harness.items()).filter((item) => String(item.pk).startsWith('NOTIFICATION#milestone#'));
    // The clock started on 2022-09-08: the invitations and the SDZ deadline reminder were more
    // than the catch-up window in the past, so they were never published.
    expect(ledger.map((item) => item.subjectId).sort()).toEqual([
      '2022-2023/deadline-reminder/ILDZ/7',
      '2022-2023/release/SDZ',
      '2022-2023/window-closed/ILDZ',
      '2022-2023/window-closed/SDZ',
    ]);
    expect(ledger.every((item) => item.status === 'sent')).toBe(true);
  });
});
