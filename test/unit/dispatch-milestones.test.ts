import { afterEach, describe, expect, it } from 'vitest';
import type { Claim, NotificationLedger } from '../../shared/platform/email/notification-ledger.ts';
import type { EventPublisher } from '../../shared/platform/events/publish.ts';
import { dispatchMilestones, forgetKnownMilestones } from '../../shared/season/dispatch-milestones.ts';

/** A ledger in memory whose first `failingMarks` markSent calls fail, as a throttled or unreachable table would. */
function ledgerFailingMarks(failingMarks: number) {
  const sent = new Set<string>();
  let failuresLeft = failingMarks;
  const ledger = {
    markSentCalls: 0,
    async claim(key: string): Promise<Claim> {
      return sent.has(key)
        ? { outcome: 'already-sent', messageId: undefined }
        : { outcome: 'claimed', token: `token-${key}` };
    },
    async markSent(key: string): Promise<void> {
      ledger.markSentCalls += 1;
      if (failuresLeft-- > 0) throw new Error('ProvisionedThroughputExceededException');
      sent.add(key);
    },
    async release(): Promise<void> {},
  };
  return ledger;
}

function collectingPublisher() {
  const detailTypes: string[] = [];
  const publisher = {
    async publish(contract: { detailType: string }) {
      detailTypes.push(contract.detailType);
    },
  };
  return { publisher: publisher as unknown as EventPublisher, detailTypes };
}

afterEach(() => forgetKnownMilestones());

describe('the milestone dispatcher', () => {
  it('retries recording a published milestone in place, so the next tick does not publish it again', async () => {
    const ledger = ledgerFailingMarks(1);
    const { publisher, detailTypes } = collectingPublisher();
    // Just after the SDZ window closed (2022-09-09 ends at 05:00Z).
    const deps = {
      ledger: ledger as unknown as NotificationLedger,
      publisher,
      sessionPlacements: async () => new Map(),
      now: () => new Date('2022-09-10T05:05:00Z'),
    };

    const first = await dispatchMilestones(deps);
    forgetKnownMilestones();
    const second = await dispatchMilestones(deps);

    // The ILDZ 7-day deadline reminder (2022-09-09 09:00 CDT) is due too; its record fails once.
    expect(first.published).toEqual(['2022-2023/deadline-reminder/ILDZ/7', '2022-2023/window-closed/SDZ']);
    expect(ledger.markSentCalls).toBe(3);
    expect(second.published).toEqual([]);
    expect(detailTypes).toEqual(['DeadlineReminderDue', 'ApplicationWindowClosed']);
  });
});
