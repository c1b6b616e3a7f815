/**
 * The paced bulk sender against a real DynamoDB API (dynalite) and a fake SES that
 * throttles 30% of calls: every recipient exactly once, never above the rate, and a
 * job that died mid-batch resumes without sending anyone a second email.
 */

import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BulkJobRepository } from '../../shared/platform/bulk/bulk-jobs.ts';
import { lazyPacedSender } from '../../shared/platform/bulk/lazy-paced-sender.ts';
import { type BulkMessage, PacedSender } from '../../shared/platform/bulk/paced-sender.ts';
import { AuditTrail } from '../../shared/platform/dynamodb/audit-trail.ts';
import { ClaimLeaseRepository, SCOPE_LEASE_SECONDS } from '../../shared/platform/dynamodb/claim-leases.ts';
import { NotificationLedger } from '../../shared/platform/email/notification-ledger.ts';
import type { EmailSender, SendOptions } from '../../shared/platform/email/send.ts';
import { type DynaliteTable, startDynaliteTable } from '../support/dynalite-table.ts';
import { peakInWindow } from '../support/peak-window.ts';

const TABLE = 'bulk-test';
let table: DynaliteTable;
let client: DynamoDBDocumentClient;

beforeAll(async () => {
  table = await startDynaliteTable(TABLE);
  client = table.client;
});
afterAll(() => table.stop());

class ThrottledError extends Error {
  override name = 'TooManyRequestsException';
}

/** A fake SES: records every call's time and every accepted recipient; throttles a fixed share of calls. */
function fakeSes(options: { throttleShare: number; hangAfterAccepted?: number }) {
  const calls: number[] = [];
  const accepted: string[] = [];
  const hung: Array<(error: Error) => void> = [];
  let sequence = 0;
  async function request(recipients: { to: readonly string[] }) {
    calls.push(performance.now());
    sequence += 1;
    // Deterministic spread of throttled calls: ~throttleShare of them, every run alike.
    if (((sequence * 2654435761) % 1000) / 1000 < options.throttleShare)
      throw new ThrottledError('Maximum sending rate exceeded.');
    if (options.hangAfterAccepted !== undefined && accepted.length >= options.hangAfterAccepted) {
      return new Promise<never>((_, reject) => hung.push(reject));
    }
    accepted.push(...recipients.to);
    return { messageId: `m-${sequence}` };
  }
  const sender = {
    // Like the real sender: the SES request goes out when the caller's pace lets it.
    async send(recipients: { to: readonly string[] }, _content: unknown, _tags: unknown, send: SendOptions = {}) {
      return send.pace ? send.pace(() => request(recipients)) : request(recipients);
    },
  } as unknown as EmailSender;
  /** Ends the calls left hanging, so the abandoned run settles before the test ends. */
  const abandon = () => {
    for (const reject of hung.splice(0)) reject(new Error('the process is gone'));
  };
  return { sender, calls, accepted, abandon };
}

function messages(jobId: string, count: number): BulkMessage[] {
  return Array.from({ length: count }, (_, index) => ({
    key: `${jobId}#recipient-${index}`,
    kind: 'bulk-test',
    subjectId: jobId,
    recipients: { to: [`member${index}@district.example.org`] },
    content: () => ({ subject: 'Session reminder', html: '<p>Hello</p>', text: 'Hello' }),
    tags: { notification: 'bulk-test' },
  }));
}

describe('paced bulk sending', () => {
  it('sends each of 2,000 recipients exactly once at no more than the maximum rate while 30% of calls are throttled', async () => {
    const ses = fakeSes({ throttleShare: 0.3 });
    const jobs = new BulkJobRepository(client, TABLE);
    const sender = new PacedSender({
      ledger: new NotificationLedger(client, TABLE),
      leases: new ClaimLeaseRepository(client, TABLE),
      email: ses.sender,
      jobs,
      now: () => new Date('2022-10-05T15:00:00Z'),
      maxPerSecond: 800,
      firstBackoffMs: 5,
      progressEvery: 250,
    });

    const report = await sender.run('job-a', 'bulk-test', messages('job-a', 2000));

    expect(report).toMatchObject({ sent: 2000, failed: 0, alreadySent: 0, inProgress: 0, complete: true });
    expect(report.throttled).toBeGreaterThan(400);
    expect(new Set(ses.accepted).size).toBe(2000);
    expect(ses.accepted).toHaveLength(2000);
    expect(peakInWindow(ses.calls, 1000)).toBeLessThanOrEqual(800);
    expect(await jobs.get('job-a')).toMatchObject({ sent: 2000, throttled: report.throttled, runs: 1 });
  });

  it('resumes a job that died mid-batch without sending anyone a second email', async () => {
    const jobs = new BulkJobRepository(client, TABLE);
    const ledger = new NotificationLedger(client, TABLE);
    const crashed = fakeSes({ throttleShare: 0.3, hangAfterAccepted: 700 });
    // One clock for both runs, as in one account: when the second runs, the first's lease has run out for it too.
    let now = new Date('2022-10-05T15:00:00Z');
    const first = new PacedSender({
      ledger,
      leases: new ClaimLeaseRepository(client, TABLE),
      email: crashed.sender,
      jobs,
      now: () => now,
      maxPerSecond: 2000,
      firstBackoffMs: 5,
    });
    // The first run stops answering after 700 sends, as a process that died would: its
    // claims stay held and it never records anything more.
    const abandoned = first.run('job-b', 'bulk-test', messages('job-b', 1500));
    for (let waited = 0; crashed.accepted.length < 700 && waited < 20_000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(crashed.accepted.length).toBe(700);

    // Later, past the claim lease of whatever the dead run held, the job runs again.
    const resumed = fakeSes({ throttleShare: 0.3 });
    now = new Date('2022-10-05T15:10:00Z');
    const second = new PacedSender({
      ledger,
      leases: new ClaimLeaseRepository(client, TABLE),
      email: resumed.sender,
      jobs,
      now: () => now,
      maxPerSecond: 2000,
      firstBackoffMs: 5,
    });
    const report = await second.run('job-b', 'bulk-test', messages('job-b', 1500));

    expect(report).toMatchObject({ sent: 800, alreadySent: 700, failed: 0, complete: true });
    const everyone = [...crashed.accepted, ...resumed.accepted];
    expect(everyone).toHaveLength(1500);
    expect(new Set(everyone).size).toBe(1500);
    expect(await jobs.get('job-b')).toMatchObject({ runs: 2 });

    crashed.abandon();
    await abandoned;
    expect(new Set([...crashed.accepted, ...resumed.accepted]).size).toBe(1500);
  });

  it('stops starting new messages at its time budget, and the next run finishes the job', async () => {
    const jobs = new BulkJobRepository(client, TABLE);
    const ledger = new NotificationLedger(client, TABLE);
    const ses = fakeSes({ throttleShare: 0 });
    const options = {
      ledger,
      leases: new ClaimLeaseRepository(client, TABLE),
      email: ses.sender,
      jobs,
      now: () => new Date('2022-10-05T15:00:00Z'),
      maxPerSecond: 1000,
    };

    const stopped = await new PacedSender({ ...options, budgetMs: 0 }).run('job-c', 'bulk-test', messages('job-c', 50));
    const finished = await new PacedSender(options).run('job-c', 'bulk-test', messages('job-c', 50));

    expect(stopped).toMatchObject({ sent: 0, stoppedEarly: true, complete: false });
    expect(finished).toMatchObject({ sent: 50, stoppedEarly: false, complete: true });
    expect(new Set(ses.accepted).size).toBe(50);
  });

  it('records every send in the ledger and the audit trail, in shared requests rather than one per email', async () => {
    const requests = new Map<string, number>();
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const name = context.commandName ?? 'unknown';
        requests.set(name, (requests.get(name) ?? 0) + 1);
        return next(args);
      },
      { step: 'initialize', name: 'countRequests' },
    );
    try {
      const ledger = new NotificationLedger(client, TABLE);
      const audit = new AuditTrail(client, TABLE);
      const ses = fakeSes({ throttleShare: 0 });
      const batch = messages('job-g', 400).map((message, index) => ({
        ...message,
        auditApplicationId: `sdz-2022-2023-${index % 40}`,
      }));

      const report = await new PacedSender({
        ledger,
        leases: new ClaimLeaseRepository(client, TABLE),
        email: ses.sender,
        jobs: new BulkJobRepository(client, TABLE),
        audit,
        now: () => new Date('2022-10-05T15:00:00Z'),
        maxPerSecond: 5000,
      }).run('job-g', 'bulk-test', batch);

      expect(report).toMatchObject({ sent: 400, complete: true });
      const entries = await Promise.all(batch.map((message) => ledger.get(message.key)));
      expect(entries.every((entry) => entry?.status === 'sent' && entry.messageId?.startsWith('m-'))).toBe(true);
      expect((await audit.list('sdz-2022-2023-7')).filter((entry) => entry.action === 'email-sent')).toHaveLength(10);
      // Claims share reads and writes under the job's lease; records and audit entries share writes.
      expect(requests.get('PutItemCommand') ?? 0).toBe(0);
      expect(requests.get('BatchGetItemCommand')).toBeLessThanOrEqual(400 / 25 + 2);
      expect(requests.get('BatchWriteItemCommand')).toBeLessThanOrEqual(3 * (400 / 25) + 6);
    } finally {
      client.middlewareStack.remove('countRequests');
    }
  });

  it('counts a message whose email cannot be rendered as failed, frees its claim, and sends the others', async () => {
    const jobs = new BulkJobRepository(client, TABLE);
    const ledger = new NotificationLedger(client, TABLE);
    const ses = fakeSes({ throttleShare: 0 });
    const batch = messages('job-d', 20).map((message, index) =>
      index === 7
        ? {
            ...message,
            content: () => {
              throw new TypeError('template broke');
            },
          }
        : message,
    );

    const report = await new PacedSender({
      ledger,
      leases: new ClaimLeaseRepository(client, TABLE),
      email: ses.sender,
      jobs,
      now: () => new Date('2022-10-05T15:00:00Z'),
      maxPerSecond: 1000,
    }).run('job-d', 'bulk-test', batch);

    expect(report).toMatchObject({
      sent: 19,
      failed: 1,
      complete: false,
      failures: [{ key: 'job-d#recipient-7', error: 'TypeError' }],
    });
    expect(await ledger.get('job-d#recipient-7')).toBeUndefined();
  });

  it("keeps two overlapping jobs of the bulk worker together under the account's rate, each recipient once", async () => {
    const ses = fakeSes({ throttleShare: 0 });
    // The bulk worker's one sender per process; the override means SES is never asked for its quota.
    const sender = lazyPacedSender({
      documentClient: client,
      tableName: TABLE,
      sesClient: {} as SESv2Client,
      email: ses.sender,
      maxSendRateOverride: '200',
      now: () => new Date('2022-10-05T15:00:00Z'),
    });
    expect(await sender()).toBe(await sender());

    const [invitations, reminders] = await Promise.all([
      (await sender()).run('job-e', 'bulk-test', messages('job-e', 400)),
      (await sender()).run('job-f', 'bulk-test', messages('job-f', 400)),
    ]);

    expect(invitations).toMatchObject({ sent: 400, complete: true });
    expect(reminders).toMatchObject({ sent: 400, complete: true });
    expect(ses.accepted).toHaveLength(800); // the same 400 addresses, one email of each job
    expect(peakInWindow(ses.calls, 1000)).toBeLessThanOrEqual(200);
  });

  it('sends each recipient once when two jobs of one claim scope run at once, one after the other', async () => {
    const ses = fakeSes({ throttleShare: 0 });
    const copy = () =>
      new PacedSender({
        ledger: new NotificationLedger(client, TABLE),
        leases: new ClaimLeaseRepository(client, TABLE),
        email: ses.sender,
        jobs: new BulkJobRepository(client, TABLE),
        now: () => new Date('2022-10-05T15:00:00Z'),
        maxPerSecond: 2000,
      });
    // Two copies of the worker (as two Lambda instances would be), two jobs, the same ledger keys.
    const [milestone, lateImport] = await Promise.all([
      copy().run('job-h', 'bulk-test', messages('job-h', 300), { claimScope: 'invitations-h' }),
      copy().run('job-h-import', 'bulk-test', messages('job-h', 300), { claimScope: 'invitations-h' }),
    ]);

    expect(ses.accepted).toHaveLength(300);
    expect(new Set(ses.accepted).size).toBe(300);
    expect([milestone.sent, lateImport.sent].sort()).toEqual([0, 300]);
    expect([milestone.alreadySent, lateImport.alreadySent].sort()).toEqual([0, 300]);
  });

  it('starts no send once its clock says its lease could run out, and a later run sends the rest once', async () => {
    const ses = fakeSes({ throttleShare: 0 });
    let now = new Date('2022-10-05T15:00:00Z');
    const options = {
      ledger: new NotificationLedger(client, TABLE),
      leases: new ClaimLeaseRepository(client, TABLE),
      email: ses.sender,
      jobs: new BulkJobRepository(client, TABLE),
      now: () => now,
      maxPerSecond: 2000,
      concurrency: 20,
    };
    // Rendering the 50th email (the first time), the run's clock jumps to 10 s before its lease runs out.
    let jumped = false;
    const jump = () => {
      if (!jumped) now = new Date(now.getTime() + (SCOPE_LEASE_SECONDS - 10) * 1000);
      jumped = true;
    };
    const batch = messages('job-i', 300).map((message, index) =>
      index === 49
        ? {
            ...message,
            content: () => {
              jump();
              return message.content();
            },
          }
        : message,
    );

    const stopped = await new PacedSender(options).run('job-i', 'bulk-test', batch);
    const sentFirst = ses.accepted.length;
    const finished = await new PacedSender(options).run('job-i', 'bulk-test', batch);

    // Messages claimed before the jump but not yet sent are left to the next run, as are those never started.
    expect(stopped).toMatchObject({ sent: sentFirst, stoppedEarly: true, complete: false, failed: 0 });
    expect(sentFirst).toBeGreaterThan(0);
    expect(sentFirst).toBeLessThan(70);
    expect(finished).toMatchObject({ sent: 300 - sentFirst, alreadySent: sentFirst, complete: true });
    expect(ses.accepted).toHaveLength(300);
    expect(new Set(ses.accepted).size).toBe(300);
  });

  it('claims a key met twice in one run once, and leaves the second message to it', async () => {
    const ses = fakeSes({ throttleShare: 0 });
    const batch = [...messages('job-j', 60), ...messages('job-j', 60).slice(0, 10)];

    const report = await new PacedSender({
      ledger: new NotificationLedger(client, TABLE),
      leases: new ClaimLeaseRepository(client, TABLE),
      email: ses.sender,
      jobs: new BulkJobRepository(client, TABLE),
      now: () => new Date('2022-10-05T15:00:00Z'),
      maxPerSecond: 2000,
    }).run('job-j', 'bulk-test', batch);

    expect(report).toMatchObject({ sent: 60, inProgress: 10 });
    expect(ses.accepted).toHaveLength(60);
  });

  it('sends nothing more once stillCurrent answers false, releasing the rest for a run that sends them as things now are', async () => {
    const ses = fakeSes({ throttleShare: 0 });
    const options = {
      ledger: new NotificationLedger(client, TABLE),
      leases: new ClaimLeaseRepository(client, TABLE),
      email: ses.sender,
      jobs: new BulkJobRepository(client, TABLE),
      now: () => new Date('2022-10-05T15:00:00Z'),
      maxPerSecond: 200,
    };
    // What the messages say changes after 20 SES requests were let through: each later one is not
    // made. Counted by the answers, not by SES's acceptances, which lag the requests in flight.
    let asked = 0;
    const stillCurrent = async () => {
      asked += 1;
      return asked <= 20;
    };

    const stopped = await new PacedSender(options).run('job-k', 'bulk-test', messages('job-k', 100), { stillCurrent });
    expect(stopped).toMatchObject({ sent: 20, failed: 0, superseded: true, stoppedEarly: true, complete: false });
    expect(ses.accepted).toHaveLength(20);
    expect(asked).toBeGreaterThan(20);

    // The messages not sent were released, not left claimed: the next run sends each of them now.
    const rest = await new PacedSender(options).run('job-k', 'bulk-test', messages('job-k', 100));
    expect(rest).toMatchObject({ sent: 80, alreadySent: 20, inProgress: 0, superseded: false, complete: true });
    expect(new Set(ses.accepted).size).toBe(100);
    expect(ses.accepted).toHaveLength(100);
  });
});
