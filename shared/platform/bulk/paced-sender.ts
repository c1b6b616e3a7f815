import pRetry from 'p-retry';
import type { AuditEntry, AuditTrail } from '../dynamodb/audit-trail.ts';
import { BATCH_WRITE_LIMIT } from '../dynamodb/batch-requests.ts';
import type { ClaimLeaseRepository } from '../dynamodb/claim-leases.ts';
import type { EmailContent, EmailRecipients } from '../email/message.ts';
import type { Claim, ClaimRequest, NotificationLedger, SentRecord } from '../email/notification-ledger.ts';
import type { EmailSender } from '../email/send.ts';
import { isThrottling } from '../email/throttling.ts';
import { logger } from '../logger.ts';
import { type BulkCounts, type BulkJobRepository, ZERO_COUNTS } from './bulk-jobs.ts';
import { batched, coalesced } from './coalesce.ts';
import { concurrencyFor, type Pace, paceAt } from './pace.ts';
import { ScopeLease } from './scope-lease.ts';

/** One email of a bulk send, with the business key that makes it once-only per recipient. */
export interface BulkMessage {
  /** Ledger key, unique per recipient and occasion, e.g. "session-reminder#<session>#7#<member>". */
  readonly key: string;
  readonly kind: string;
  readonly subjectId: string;
  readonly recipients: EmailRecipients;
  readonly content: () => EmailContent;
  readonly tags: Record<string, string>;
  readonly auditApplicationId?: string;
}

/** Addresses that must not be mailed (hard bounces, complaints). */
export interface SuppressionCheck {
  isSuppressed(address: string): Promise<boolean>;
}

export interface PacedSenderDependencies {
  readonly ledger: NotificationLedger;
  /** Leases on the scopes of ledger keys, so a job claims its messages in batches. */
  readonly leases: ClaimLeaseRepository;
  readonly email: EmailSender;
  readonly jobs: BulkJobRepository;
  readonly now: () => Date;
  /** Sends per second, never exceeded over any one-second window (SES's MaxSendRate). */
  readonly maxPerSecond: number;
  readonly suppression?: SuppressionCheck;
  readonly audit?: AuditTrail;
  /** Backoff on throttling: attempts after the first, and the first wait. */
  readonly retries?: number;
  readonly firstBackoffMs?: number;
  /**
   * Messages handled at once, so the rate is reached even when SES answers slowly (default: concurrencyFor the rate).
   */
  readonly concurrency?: number;
  /** Persist and log the counts every this many messages. */
  readonly progressEvery?: number;
  /**
   * Wall-clock time after which no new message is started, so a run ends cleanly (counts
   * saved, claims settled) before Lambda's timeout; the retry resumes where it stopped.
   */
  readonly budgetMs?: number;
}

export interface BulkReport extends BulkCounts {
  readonly jobId: string;
  readonly failures: ReadonlyArray<{ key: string; error: string }>;
  /** True when every message was sent now or before: nothing left for a retry. */
  readonly complete: boolean;
  /** True when the run stopped with messages left: at its time budget, or without (or on losing) its claim lease. */
  readonly stoppedEarly: boolean;
  /** True when it stopped because what it sends changed (`stillCurrent`): the rest are left unsent and unclaimed. */
  readonly superseded: boolean;
}

export interface BulkRunOptions {
  /**
   * The family of ledger keys the job's messages belong to (default: the job id). Jobs whose
   * messages can share keys must name one scope: only one of them sends at a time.
   */
  readonly claimScope?: string;
  /**
   * Whether what the messages say still holds (their cohort unchanged since they were written),
   * asked right before each SES request. Once it answers false the run sends nothing more: the
   * messages not yet sent are released and the report says `superseded`, for the caller to send
   * them anew as things now are.
   */
  readonly stillCurrent?: () => Promise<boolean>;
}

type Count = keyof BulkCounts;

/** An SES attempt not made: the run's lease could have run out, so the message is left to a retry. */
class LeaseLostError extends Error {
  override name = 'LeaseLostError';
}

/** An SES attempt not made: what the message says no longer holds (BulkRunOptions.stillCurrent). */
class SupersededError extends Error {
  override name = 'SupersededError';
}

/** What one message's delivery needs of its run. */
interface RunContext {
  readonly lease: ScopeLease;
  readonly claim: (request: ClaimRequest) => Promise<Claim>;
  readonly count: (name: Count, by?: number) => void;
  readonly failures: Array<{ key: string; error: string }>;
  readonly stillCurrent: (() => Promise<boolean>) | undefined;
  /** Set once stillCurrent answered false: no message starts after it. */
  superseded: boolean;
}

/** Lambda allows 15 minutes; leave room to finish what is in flight and save the counts. */
const DEFAULT_BUDGET_MS = 12 * 60 * 1000;

/**
 * Sends many emails at the account's maximum rate with backoff on throttling. Each
 * message is claimed in the notification ledger first, so a retried or resumed job
 * never sends to anyone twice; counts are persisted as it goes. A run holds the lease on
 * its keys' scope, so it claims the messages in flight together in shared requests.
 */
export class PacedSender {
  private readonly paced: Pace;
  /** The sends of messages in flight together are recorded in the ledger together (BatchWriteItem). */
  private readonly recordSent: (record: SentRecord) => Promise<void>;
  /** Likewise their audit entries (BatchWriteItem). */
  private readonly recordAudit: (item: { applicationId: string; entry: AuditEntry }) => Promise<void>;

  constructor(private readonly deps: PacedSenderDependencies) {
    this.paced = paceAt(deps.maxPerSecond);
    this.recordSent = coalesced((records) => this.recordSentMany(records), BATCH_WRITE_LIMIT);
    this.recordAudit = coalesced((entries) => this.recordAuditMany(entries), BATCH_WRITE_LIMIT);
  }

  /** The trail is a record, not the send: a failure to write it is logged, never retried into a resend. */
  private async recordAuditMany(entries: ReadonlyArray<{ applicationId: string; entry: AuditEntry }>): Promise<void> {
    try {
      await this.deps.audit?.recordMany(entries);
    } catch (error) {
      for (const { applicationId } of entries)
        logger.error('Email sent but not recorded in the audit trail', { applicationId, error: error as Error });
    }
  }

  /**
   * Once SES has accepted the emails, failing would let a retry send them again; so the
   * ledger write is retried in place and, if it still fails, logged.
   */
  private async recordSentMany(records: readonly SentRecord[]): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.deps.ledger.recordSentMany(records, this.deps.now());
        return;
      } catch (error) {
        if (attempt >= 3) {
          for (const record of records)
            logger.error('Email sent but not recorded in the ledger', {
              notificationKey: record.key,
              messageId: record.messageId,
              error: error as Error,
            });
          return;
        }
      }
    }
  }

  async run(
    jobId: string,
    kind: string,
    messages: Iterable<BulkMessage> | AsyncIterable<BulkMessage>,
    options: BulkRunOptions = {},
  ): Promise<BulkReport> {
    const deps = this.deps;
    await deps.jobs.begin(jobId, kind, deps.now());
    const stopAt = performance.now() + (deps.budgetMs ?? DEFAULT_BUDGET_MS);
    const lease = await ScopeLease.acquire({
      leases: deps.leases,
      scope: options.claimScope ?? jobId,
      now: deps.now,
      waitUntil: stopAt,
    });
    if (!lease) {
      logger.warn('Another run kept the claim lease of this job; a retry sends its messages', { jobId, kind });
      return { jobId, ...ZERO_COUNTS, failures: [], stoppedEarly: true, superseded: false, complete: false };
    }
    try {
      return await this.runLeased(jobId, kind, messages, lease, stopAt, options.stillCurrent);
    } finally {
      await lease.release();
    }
  }

  private async runLeased(
    jobId: string,
    kind: string,
    messages: Iterable<BulkMessage> | AsyncIterable<BulkMessage>,
    lease: ScopeLease,
    stopAt: number,
    stillCurrent: (() => Promise<boolean>) | undefined,
  ): Promise<BulkReport> {
    const deps = this.deps;
    const total: Record<Count, number> = { ...ZERO_COUNTS };
    let pending: Record<Count, number> = { ...ZERO_COUNTS };
    const failures: Array<{ key: string; error: string }> = [];
    const count = (name: Count, by = 1) => {
      total[name] += by;
      pending[name] += by;
    };
    let handled = 0;
    const flush = async () => {
      const delta = pending;
      pending = { ...ZERO_COUNTS };
      await deps.jobs.add(jobId, delta, deps.now());
      logger.info('Bulk send progress', { jobId, kind, ...total });
    };
    // Progress is saved behind the sends, one write at a time, so no message waits for it;
    // a failed write ends the run once the messages in flight are settled, as before.
    let saving: Promise<void> = Promise.resolve();
    let savingFailed: { error: unknown } | undefined;
    const saveProgress = () => {
      saving = saving.then(flush).catch((error: unknown) => {
        savingFailed ??= { error };
      });
    };

    const inFlight = new Set<Promise<void>>();
    let slotFreed: (() => void) | undefined;
    const concurrency = deps.concurrency ?? concurrencyFor(deps.maxPerSecond);
    // The messages in flight together are claimed together (one read and one write per 25),
    // only while the lease is held; a key met again in this run is left to its first message.
    const claimBatch = batched(
      (requests: readonly ClaimRequest[]) => deps.ledger.claimMany(requests, deps.now(), () => lease.held()),
      BATCH_WRITE_LIMIT,
    );
    const keysSeen = new Set<string>();
    const claim = (request: ClaimRequest): Promise<Claim> => {
      if (keysSeen.has(request.key)) return Promise.resolve({ outcome: 'in-progress' });
      keysSeen.add(request.key);
      return claimBatch(request);
    };
    const context: RunContext = { lease, claim, count, failures, stillCurrent, superseded: false };
    let stoppedEarly = false;
    try {
      for await (const message of messages) {
        const outOfTime = performance.now() >= stopAt;
        const leaseLost = !lease.held();
        if (outOfTime || leaseLost || savingFailed || context.superseded) {
          stoppedEarly = outOfTime || leaseLost || context.superseded;
          break;
        }
        const task = this.deliverSafely(message, context).finally(() => {
          inFlight.delete(task);
          slotFreed?.();
        });
        inFlight.add(task);
        while (inFlight.size >= concurrency) await new Promise<void>((resolve) => (slotFreed = resolve));
        handled += 1;
        if (handled % (deps.progressEvery ?? 100) === 0) saveProgress();
      }
    } finally {
      // Even when reading the messages fails: the lease is given up only with nothing in flight.
      await Promise.allSettled(inFlight);
    }
    // Found out of date by a message already started: the messages it released are left too.
    if (context.superseded) stoppedEarly = true;
    saveProgress();
    await saving;
    if (savingFailed) throw savingFailed.error;
    if (context.superseded)
      logger.info('Bulk send stopped: what its messages say changed; the rest are left to be sent anew', {
        jobId,
        kind,
        ...total,
      });
    else if (stoppedEarly)
      logger.warn('Bulk send stopped at its time budget or on losing its claim lease; a retry resumes it', {
        jobId,
        kind,
        ...total,
      });
    return {
      jobId,
      ...total,
      failures,
      stoppedEarly,
      superseded: context.superseded,
      complete: !stoppedEarly && total.failed === 0 && total.inProgress === 0,
    };
  }

  /** One message's failure of any kind is counted and reported, never the end of the run. */
  private async deliverSafely(message: BulkMessage, context: RunContext): Promise<void> {
    const { count, failures } = context;
    try {
      await this.deliver(message, context);
    } catch (error) {
      count('failed');
      failures.push({ key: message.key, error: error instanceof Error ? error.name : 'Error' });
    }
  }

  private async deliver(message: BulkMessage, context: RunContext): Promise<void> {
    const deps = this.deps;
    const { count, failures } = context;
    const recipients = await this.withoutSuppressed(message.recipients);
    if (recipients.to.length === 0) {
      count('suppressed');
      return;
    }
    const claim = await context.claim({ key: message.key, kind: message.kind, subjectId: message.subjectId });
    if (claim.outcome === 'already-sent') return count('alreadySent');
    if (claim.outcome === 'in-progress') return count('inProgress');
    if (!context.lease.held() || context.superseded) {
      // Another run may own the scope by now, or the message is out of date: leave it to the job's retry.
      await deps.ledger.release(message.key, claim.token);
      return count('inProgress');
    }

    let result: Awaited<ReturnType<EmailSender['send']>>;
    let content: EmailContent;
    try {
      content = message.content();
      // The pace gates the SES request itself, behind the sender's suppression check; no
      // attempt starts once the lease could have run out, or once what the message says changed.
      const pace: Pace = (request) =>
        this.paced(async () => {
          if (!context.lease.held()) throw new LeaseLostError();
          if (context.superseded || (context.stillCurrent && !(await context.stillCurrent()))) {
            context.superseded = true;
            throw new SupersededError();
          }
          return request();
        });
      result = await pRetry(() => deps.email.send(recipients, content, message.tags, { pace }), {
        retries: deps.retries ?? 8,
        minTimeout: deps.firstBackoffMs ?? 200,
        factor: 2,
        maxTimeout: 20_000,
        randomize: true,
        shouldRetry: ({ error }) => isThrottling(error),
        onFailedAttempt: ({ error }) => {
          if (isThrottling(error)) count('throttled');
        },
      });
    } catch (error) {
      await deps.ledger.release(message.key, claim.token);
      if (error instanceof LeaseLostError || error instanceof SupersededError) return count('inProgress');
      count('failed');
      failures.push({ key: message.key, error: error instanceof Error ? error.name : 'Error' });
      return;
    }
    // The sender itself refuses suppressed addresses (a bounce may land between our check and the send).
    const sentTo = result.skipped ? { to: [], cc: [] } : (result.sentTo ?? recipients);
    const recorded = this.recordSent({
      key: message.key,
      kind: message.kind,
      subjectId: message.subjectId,
      messageId: result.messageId,
      recipientCount: sentTo.to.length + (sentTo.cc?.length ?? 0),
    });
    const audited =
      deps.audit && message.auditApplicationId
        ? this.recordAudit({
            applicationId: message.auditApplicationId,
            entry: {
              at: deps.now().toISOString(),
              actor: 'system',
              action: result.skipped ? 'email-suppressed' : 'email-sent',
              details: {
                kind: message.kind,
                subject: content.subject,
                to: result.skipped ? recipients.to : sentTo.to,
                cc: result.skipped ? (recipients.cc ?? []) : (sentTo.cc ?? []),
                messageId: result.messageId ?? null,
              },
            },
          })
        : undefined;
    // Neither write waits for the other; neither ever throws (failures are logged).
    await Promise.all([recorded, audited]);
    count(result.skipped ? 'suppressed' : 'sent');
  }

  private async withoutSuppressed(recipients: EmailRecipients): Promise<EmailRecipients> {
    const suppression = this.deps.suppression;
    if (!suppression) return recipients;
    const keep = async (addresses: readonly string[] = []) => {
      const flags = await Promise.all(addresses.map((address) => suppression.isSuppressed(address)));
      return addresses.filter((_, index) => !flags[index]);
    };
    return { to: await keep(recipients.to), cc: await keep(recipients.cc) };
  }
}
