import type { DynamoCapacityRecord } from '../dynamodb-capacity.ts';
import type { PutEventsEntryRecord } from '../event-bus.ts';
import type { InvocationRecord } from '../functions.ts';
import type { RuntimeObservers } from '../runtime.ts';
import type { SentMail } from '../ses-events.ts';

/**
 * The calls a season makes, counted exactly as the runtime reports them, for the lead's
 * cost model (prices are applied elsewhere): Lambda invocations and duration per function,
 * DynamoDB requests and capacity, EventBridge PutEvents entries, schedule invocations, SES
 * emails and recipients, API Gateway requests.
 */

export interface FunctionCounts {
  invocations: number;
  errors: number;
  /** Handler wall time in this process (a proxy of Lambda duration, see the report). */
  durationMs: number;
  /** Lambda's billed duration: each invocation rounded up to the next millisecond. */
  billedMs: number;
  maxMs: number;
  /** By trigger: http (API Gateway), event (an EventBridge rule), schedule (Scheduler). */
  byTrigger: { http: number; event: number; schedule: number; other: number };
}

export interface SeasonCounts {
  readonly lambda: Record<string, FunctionCounts>;
  readonly apiGatewayRequests: number;
  readonly scheduleInvocations: number;
  readonly dynamodb: {
    /** Requests dynalite received, by X-Amz-Target operation. */
    readonly requests: Record<string, number>;
    readonly totalRequests: number;
    readonly readUnits: number;
    readonly writeUnits: number;
    readonly indexWriteUnits: number;
    readonly conditionalCheckFailures: number;
    readonly byOperation: Record<
      string,
      { requests: number; readUnits: number; writeUnits: number; indexWriteUnits: number }
    >;
  };
  readonly eventBridge: {
    readonly putEventsCalls: number;
    readonly entries: number;
    /** Each entry billed per started 64 KB. */
    readonly billedEvents: number;
    readonly failedEntries: number;
    readonly byDetailType: Record<string, number>;
  };
  readonly ses: { readonly emails: number; readonly recipients: number };
}

/**
 * The dispatcher's ticks that found nothing due (published no event), and the DynamoDB requests
 * each made: the requests between the end of the handler run before it (each tick runs alone,
 * after the bus went idle, see infra/local/schedule-runner.ts) and its own end.
 */
export interface IdleTicks {
  readonly ticks: number;
  readonly dynamoRequests: number;
  readonly requestsPerTick: number;
  /** How many idle ticks made 0, 1, 2... requests. */
  readonly byRequests: Record<string, number>;
}

const DISPATCHER = 'dispatchMilestones';

function triggerOf(event: unknown): keyof FunctionCounts['byTrigger'] {
  if (event && typeof event === 'object') {
    if ('requestContext' in event) return 'http';
    if ('detail-type' in event) return 'event';
    if ('scheduleId' in event) return 'schedule';
  }
  return 'other';
}

const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

export class CostCounter {
  private readonly lambda = new Map<string, FunctionCounts>();
  private readonly dynamoRequests = new Map<string, number>();
  private readonly dynamoByOperation = new Map<
    string,
    { requests: number; readUnits: number; writeUnits: number; indexWriteUnits: number }
  >();
  private conditionalCheckFailures = 0;
  private putEventsCalls = 0;
  private entries = 0;
  private billedEvents = 0;
  private failedEntries = 0;
  private readonly byDetailType = new Map<string, number>();
  private emails = 0;
  private recipients = 0;
  /** Since the last handler run ended. */
  private readonly sinceLastRun = { dynamoRequests: 0, entries: 0 };
  private readonly idle = { ticks: 0, dynamoRequests: 0, byRequests: new Map<number, number>() };

  /** The runtime hooks that feed this counter; `sentMail` is chained with the caller's own. */
  observers(onSentMail?: RuntimeObservers['sentMail']): RuntimeObservers {
    return {
      invocation: (record) => this.invocation(record),
      putEvents: (entries) => this.putEvents(entries),
      dynamoRequest: (operation) => {
        this.dynamoRequests.set(operation, (this.dynamoRequests.get(operation) ?? 0) + 1);
        this.sinceLastRun.dynamoRequests += 1;
      },
      dynamoCapacity: (record) => this.capacity(record),
      sentMail: (mail, input) => {
        this.sent(mail);
        onSentMail?.(mail, input);
      },
    };
  }

  private invocation(record: InvocationRecord): void {
    let counts = this.lambda.get(record.name);
    if (!counts) {
      counts = {
        invocations: 0,
        errors: 0,
        durationMs: 0,
        billedMs: 0,
        maxMs: 0,
        byTrigger: { http: 0, event: 0, schedule: 0, other: 0 },
      };
      this.lambda.set(record.name, counts);
    }
    counts.invocations += 1;
    if (!record.ok) counts.errors += 1;
    counts.durationMs += record.durationMs;
    counts.billedMs += Math.max(1, Math.ceil(record.durationMs));
    counts.maxMs = Math.max(counts.maxMs, record.durationMs);
    const trigger = triggerOf(record.event);
    counts.byTrigger[trigger] += 1;
    if (record.name === DISPATCHER && trigger === 'schedule' && record.ok && this.sinceLastRun.entries === 0) {
      const requests = this.sinceLastRun.dynamoRequests;
      this.idle.ticks += 1;
      this.idle.dynamoRequests += requests;
      this.idle.byRequests.set(requests, (this.idle.byRequests.get(requests) ?? 0) + 1);
    }
    this.sinceLastRun.dynamoRequests = 0;
    this.sinceLastRun.entries = 0;
  }

  idleTicks(): IdleTicks {
    return {
      ticks: this.idle.ticks,
      dynamoRequests: this.idle.dynamoRequests,
      requestsPerTick: round(this.idle.dynamoRequests / Math.max(1, this.idle.ticks), 5),
      byRequests: Object.fromEntries([...this.idle.byRequests].sort(([left], [right]) => left - right)),
    };
  }

  private putEvents(entries: readonly PutEventsEntryRecord[]): void {
    this.putEventsCalls += 1;
    this.sinceLastRun.entries += entries.length;
    for (const entry of entries) {
      if (!entry.accepted) {
        this.failedEntries += 1;
        continue;
      }
      this.entries += 1;
      this.billedEvents += Math.max(1, Math.ceil(entry.bytes / 65_536));
      this.byDetailType.set(entry.detailType, (this.byDetailType.get(entry.detailType) ?? 0) + 1);
    }
  }

  private capacity(record: DynamoCapacityRecord): void {
    if (record.conditionFailed) this.conditionalCheckFailures += 1;
    const counts = this.dynamoByOperation.get(record.operation) ?? {
      requests: 0,
      readUnits: 0,
      writeUnits: 0,
      indexWriteUnits: 0,
    };
    counts.requests += 1;
    counts.readUnits += record.readUnits;
    counts.writeUnits += record.writeUnits;
    counts.indexWriteUnits += record.indexWriteUnits;
    this.dynamoByOperation.set(record.operation, counts);
  }

  private sent(mail: SentMail): void {
    this.emails += 1;
    this.recipients += mail.destination.length;
  }

  get emailsSent(): number {
    return this.emails;
  }

  snapshot(): SeasonCounts {
    const lambda = Object.fromEntries(
      [...this.lambda]
        .sort(([left], [right]) => left.localeCompare(right))
        .map(([name, counts]) => [
          name,
          { ...counts, durationMs: round(counts.durationMs), maxMs: round(counts.maxMs) },
        ]),
    );
    const byOperation = Object.fromEntries(
      [...this.dynamoByOperation]
        .sort(([left], [right]) => left.localeCompare(right))
        .map(([name, counts]) => [
          name,
          {
            ...counts,
            readUnits: round(counts.readUnits, 1),
            writeUnits: round(counts.writeUnits, 1),
            indexWriteUnits: round(counts.indexWriteUnits, 1),
          },
        ]),
    );
    const sum = (field: 'readUnits' | 'writeUnits' | 'indexWriteUnits') =>
      round(
        [...this.dynamoByOperation.values()].reduce((total, counts) => total + counts[field], 0),
        1,
      );
    const requests = Object.fromEntries([...this.dynamoRequests].sort(([left], [right]) => left.localeCompare(right)));
    return {
      lambda,
      apiGatewayRequests: [...this.lambda.values()].reduce((total, counts) => total + counts.byTrigger.http, 0),
      scheduleInvocations: [...this.lambda.values()].reduce((total, counts) => total + counts.byTrigger.schedule, 0),
      dynamodb: {
        requests,
        totalRequests: Object.values(requests).reduce((total, count) => total + count, 0),
        readUnits: sum('readUnits'),
        writeUnits: sum('writeUnits'),
        indexWriteUnits: sum('indexWriteUnits'),
        conditionalCheckFailures: this.conditionalCheckFailures,
        byOperation,
      },
      eventBridge: {
        putEventsCalls: this.putEventsCalls,
        entries: this.entries,
        billedEvents: this.billedEvents,
        failedEntries: this.failedEntries,
        byDetailType: Object.fromEntries([...this.byDetailType].sort(([left], [right]) => left.localeCompare(right))),
      },
      ses: { emails: this.emails, recipients: this.recipients },
    };
  }
}
