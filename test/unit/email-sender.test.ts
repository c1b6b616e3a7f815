import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import { coalescedSuppressionLookup } from '../../shared/platform/email/coalesced-suppression.ts';
import { EmailSender, type SuppressionLookup } from '../../shared/platform/email/send.ts';

/** A suppression list in memory that remembers each read it was asked for. */
function suppressionList(initially: string[]) {
  const suppressed = new Set(initially);
  const reads: string[][] = [];
  const lookup: SuppressionLookup = {
    async suppressedAmong(addresses) {
      reads.push([...addresses]);
      return new Set(addresses.filter((address) => suppressed.has(address)));
    },
  };
  return { lookup, reads, suppress: (address: string) => suppressed.add(address) };
}

function sesRecordingRecipients() {
  const sentTo: string[] = [];
  const client = {
    async send(command: { input: { Destination: { ToAddresses: string[] } } }) {
      sentTo.push(...command.input.Destination.ToAddresses);
      return { MessageId: `m-${sentTo.length}` };
    },
  } as unknown as SESv2Client;
  return { client, sentTo };
}

const content = { subject: 'Session reminder', html: '<p>Hello</p>', text: 'Hello' };

describe('the email sender’s suppression check', () => {
  it('reads the list once for the emails sent together (the bulk worker’s batched lookup), and still leaves out every suppressed address', async () => {
    const list = suppressionList(['bounced@district.example.org']);
    const ses = sesRecordingRecipients();
    const sender = new EmailSender(ses.client, {
      fromAddress: 'zones@srsn.example.org',
      configurationSetName: 'srsn',
      suppression: coalescedSuppressionLookup(list.lookup),
    });
    const addresses = [
      'Ana@District.example.org',
      'bounced@district.example.org',
      'cleo@district.example.org',
      'dana@district.example.org',
    ];

    const results = await Promise.all(
      addresses.map((address) => sender.send({ to: [address] }, content, { notification: 'test' })),
    );

    expect(list.reads).toEqual([
      [
        'ana@district.example.org',
        'bounced@district.example.org',
        'cleo@district.example.org',
        'dana@district.example.org',
      ],
    ]);
    expect(results.map((result) => result.skipped)).toEqual([false, true, false, false]);
    expect(ses.sentTo).toEqual(['Ana@District.example.org', 'cleo@district.example.org', 'dana@district.example.org']);
  });

  it('keeps nothing from one read to the next: an address suppressed meanwhile is refused', async () => {
    const list = suppressionList([]);
    const ses = sesRecordingRecipients();
    const sender = new EmailSender(ses.client, {
      fromAddress: 'zones@srsn.example.org',
      configurationSetName: 'srsn',
      suppression: list.lookup,
    });

    await sender.send({ to: ['ana@district.example.org'] }, content, {});
    list.suppress('ana@district.example.org');
    const second = await sender.send({ to: ['ana@district.example.org'] }, content, {});

    expect(second.skipped).toBe(true);
    expect(list.reads).toHaveLength(2);
    expect(ses.sentTo).toEqual(['ana@district.example.org']);
  });

  it('reads at most 100 addresses at a time with the batched lookup (the BatchGetItem limit)', async () => {
    const list = suppressionList([]);
    const ses = sesRecordingRecipients();
    const sender = new EmailSender(ses.client, {
      fromAddress: 'zones@srsn.example.org',
      configurationSetName: 'srsn',
      suppression: coalescedSuppressionLookup(list.lookup),
    });

    await Promise.all(
      Array.from({ length: 250 }, (_, index) =>
        sender.send({ to: [`member${index}@district.example.org`] }, content, {}),
      ),
    );

    expect(list.reads.map((read) => read.length)).toEqual([100, 100, 50]);
    expect(ses.sentTo).toHaveLength(250);
  });
});

describe('the email sender’s pace hook', () => {
  it('runs only the SES request through the pace, after the suppression check', async () => {
    const steps: string[] = [];
    const lookup: SuppressionLookup = {
      async suppressedAmong() {
        steps.push('suppression check');
        return new Set<string>();
      },
    };
    const client = {
      async send() {
        steps.push('SES request');
        return { MessageId: 'm-1' };
      },
    } as unknown as SESv2Client;
    const sender = new EmailSender(client, {
      fromAddress: 'zones@srsn.example.org',
      configurationSetName: 'srsn',
      suppression: lookup,
    });

    const result = await sender.send(
      { to: ['ana@district.example.org'] },
      content,
      {},
      {
        pace: async (request) => {
          steps.push('pace');
          return request();
        },
      },
    );

    expect(steps).toEqual(['suppression check', 'pace', 'SES request']);
    expect(result.messageId).toBe('m-1');
  });
});
