/**
 * SES's sending events as the app consumes them: the contracts accept AWS's documented event
 * shape (with every SES field the app does not read), the one rule routes all four types and
 * nothing else to the delivery-feedback function, and they stay out of our own event catalog.
 */
import { describe, expect, it } from 'vitest';
import { matchesPattern } from '../../infra/local/event-pattern.ts';
import { eventRules } from '../../infra/routing.ts';
import {
  SesEmailBounced,
  SesEmailComplaintReceived,
  SesEmailDelivered,
  SesEmailRejected,
  sesDeliveryEvents,
  sesDeliveryEventsPattern,
} from '../../shared/delivery/ses-events.ts';
import { eventCatalog } from '../../shared/events/catalog.ts';
import { parseEvent } from '../../shared/platform/events/consume.ts';
import type { EventContract } from '../../shared/platform/events/contract.ts';
import { bouncedEvent, complaintEvent, deliveredEvent, rejectedEvent } from '../fixtures/ses-events.ts';

const examples: ReadonlyArray<readonly [string, EventContract, unknown]> = [
  ['Email Bounced', SesEmailBounced, bouncedEvent({ tags: { application: 'sdz-2022-2023-0453ba3b856e' } })],
  ['Email Complaint Received', SesEmailComplaintReceived, complaintEvent()],
  ['Email Delivered', SesEmailDelivered, deliveredEvent()],
  ['Email Rejected', SesEmailRejected, rejectedEvent()],
];

describe('SES event contracts', () => {
  it.each(examples)(
    '%s: parses the documented shape, keeping the fields it does not name',
    (_name, contract, event) => {
      const parsed = parseEvent(contract, event);

      expect(parsed).toMatchObject({ ok: true });
      expect((parsed as { detail: { mail: { commonHeaders?: unknown } } }).detail.mail.commonHeaders).toBeDefined();
    },
  );

  it.each(examples)("%s: is SES's source and detail-type", (name, contract) => {
    expect(contract.source).toBe('aws.ses');
    expect(contract.detailType).toBe(name);
  });

  it('refuses a bounce event under the delivery contract (the detail-type decides)', () => {
    expect(parseEvent(SesEmailDelivered, bouncedEvent())).toMatchObject({ ok: false });
  });

  it('are not in the catalog of our own events (no generated schema, no example file)', () => {
    const ours = new Set(eventCatalog.map((contract) => contract.detailType));
    for (const contract of sesDeliveryEvents) expect(ours.has(contract.detailType)).toBe(false);
  });
});

describe('the delivery-feedback rule', () => {
  const rule = eventRules.find((candidate) => candidate.target === 'handleDeliveryEvents');

  it('exists once, with the pattern of the four SES events', () => {
    expect(eventRules.filter((candidate) => candidate.target === 'handleDeliveryEvents')).toHaveLength(1);
    expect(rule?.pattern).toEqual({
      source: ['aws.ses'],
      'detail-type': ['Email Bounced', 'Email Complaint Received', 'Email Delivered', 'Email Rejected'],
    });
    expect(rule?.pattern).toBe(sesDeliveryEventsPattern);
  });

  it.each(examples)('matches %s', (_name, _contract, event) => {
    expect(matchesPattern(sesDeliveryEventsPattern, event)).toBe(true);
  });

  it.each([
    ['an SES open event', { ...deliveredEvent(), 'detail-type': 'Email Opened' }],
    ['an SES sending-status event', { ...deliveredEvent(), 'detail-type': 'Sending Status Disabled' }],
    ['our own event with an SES detail-type', { ...bouncedEvent(), source: 'srsn.innovation-zones' }],
  ])('does not match %s', (_label, event) => {
    expect(matchesPattern(sesDeliveryEventsPattern, event)).toBe(false);
  });
});

describe('a bounce with long free-text fields from the receiving server', () => {
  it('is kept (shortened), so a hard bounce is never dropped for its diagnostic text', () => {
    const event = bouncedEvent() as unknown as {
      detail: { bounce: { bounceSubType: string; bouncedRecipients: Array<Record<string, unknown>> } };
    };
    event.detail.bounce.bounceSubType = 'S'.repeat(300);
    event.detail.bounce.bouncedRecipients[0]!.diagnosticCode = `smtp; 550 ${'x'.repeat(5000)}`;

    const parsed = parseEvent(SesEmailBounced, event) as {
      ok: true;
      detail: { bounce: { bounceSubType: string; bouncedRecipients: Array<{ diagnosticCode: string }> } };
    };

    expect(parsed.ok).toBe(true);
    expect(parsed.detail.bounce.bounceSubType).toHaveLength(100);
    expect(parsed.detail.bounce.bouncedRecipients[0]!.diagnosticCode).toHaveLength(2000);
  });
});
