import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit from 'p-limit';
import { type EventRule, eventRules } from '../routing.ts';
import { matchesPattern } from './event-pattern.ts';
import type { LocalFunctions } from './functions.ts';

/** One entry of a PutEvents request, as the AWS API spells it. */
export interface PutEventsEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Time?: string | number;
  Resources?: string[];
}

export interface PutEventsResultEntry {
  EventId?: string;
  ErrorCode?: string;
  ErrorMessage?: string;
}

export interface BusEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

export interface DeliveryRecord {
  readonly rule: string;
  readonly target: string;
  readonly eventId: string;
  readonly detailType: string;
  readonly attempts: number;
  readonly outcome: 'delivered' | 'dead-lettered';
  readonly result?: unknown;
  readonly error?: string;
}

/** One entry of a PutEvents call, as an opt-in observer sees it. */
export interface PutEventsEntryRecord {
  readonly detailType: string;
  /** EventBridge's billing size: UTF-8 bytes of Time (14), Source, DetailType, Detail and Resources. */
  readonly bytes: number;
  readonly accepted: boolean;
}

/** Called once per PutEvents call (one API request) with each of its entries. */
export type PutEventsObserver = (entries: readonly PutEventsEntryRecord[]) => void;

export interface LocalEventBusOptions {
  readonly busName: string;
  readonly functions: LocalFunctions;
  /** First retry delay; doubles per attempt up to retryMaxMs, like EventBridge's backoff but faster. */
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  readonly now: () => Date;
  readonly log?: (line: string) => void;
  /**
   * Handler runs at once across all deliveries; omitted = unbounded (each delivery starts at
   * once, as Lambda would scale out). A replay that times handlers bounds it: a thousand
   * handlers sharing two cores each take a thousand times longer, which is no Lambda duration.
   */
  readonly maxConcurrentDeliveries?: number;
}

const MAX_ENTRIES = 10;

function billedSize(entry: PutEventsEntry): number {
  const text = [entry.Source, entry.DetailType, entry.Detail, ...(entry.Resources ?? [])]
    .filter((part) => part !== undefined)
    .join('');
  return 14 + Buffer.byteLength(text, 'utf8');
}
const MAX_ENTRY_BYTES = 256 * 1024;

/**
 * The in-process EventBridge bus: routes with the same rules the CDK stack deploys
 * (routing.ts), retries failed deliveries per rule, and dead-letters what still fails.
 */
export class LocalEventBus {
  readonly deliveries: DeliveryRecord[] = [];
  readonly deadLetters: Array<DeliveryRecord & { event: BusEvent }> = [];
  private readonly inFlight = new Set<Promise<void>>();
  private observer: PutEventsObserver | undefined;
  private readonly limit: (<T>(run: () => Promise<T>) => Promise<T>) | undefined;

  constructor(
    private readonly options: LocalEventBusOptions,
    private readonly rules: readonly EventRule[] = eventRules,
  ) {
    this.limit = options.maxConcurrentDeliveries === undefined ? undefined : pLimit(options.maxConcurrentDeliveries);
  }

  get pendingDeliveries(): number {
    return this.inFlight.size;
  }

  /** Accepts events like PutEvents does and starts their deliveries without waiting for them. */
  putEvents(entries: readonly PutEventsEntry[]): { FailedEntryCount: number; Entries: PutEventsResultEntry[] } {
    if (entries.length === 0 || entries.length > MAX_ENTRIES) {
      throw new RangeError(`Entries must hold 1 to ${MAX_ENTRIES} events`);
    }
    const results = entries.map((entry) => this.accept(entry));
    if (this.observer)
      this.observer(
        entries.map((entry, index) => ({
          detailType: entry.DetailType ?? '',
          bytes: billedSize(entry),
          accepted: !results[index]?.ErrorCode,
        })),
      );
    return { FailedEntryCount: results.filter((result) => result.ErrorCode).length, Entries: results };
  }

  /** Reports every PutEvents call to `observer` (undefined stops it); nothing is measured without one. */
  observe(observer: PutEventsObserver | undefined): void {
    this.observer = observer;
  }

  /** Resolves once no delivery is running, including deliveries caused by deliveries. */
  async whenIdle(): Promise<void> {
    while (this.inFlight.size > 0) {
      await Promise.allSettled([...this.inFlight]);
    }
  }

  private accept(entry: PutEventsEntry): PutEventsResultEntry {
    if (
      entry.EventBusName !== undefined &&
      entry.EventBusName !== this.options.busName &&
      !entry.EventBusName.endsWith(`:event-bus/${this.options.busName}`)
    ) {
      return {
        ErrorCode: 'ResourceNotFoundException',
        ErrorMessage: `Event bus ${entry.EventBusName} does not exist.`,
      };
    }
    if (!entry.Source || !entry.DetailType || entry.Detail === undefined) {
      return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameters Source, DetailType and Detail are required.' };
    }
    if (Buffer.byteLength(JSON.stringify(entry)) > MAX_ENTRY_BYTES) {
      return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Entry is larger than 256 KB.' };
    }
    let detail: unknown;
    try {
      detail = JSON.parse(entry.Detail);
    } catch {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail must be a JSON object.' };
    }
    const time =
      entry.Time === undefined
        ? this.options.now()
        : new Date(typeof entry.Time === 'number' ? entry.Time * 1000 : entry.Time);
    const event: BusEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: '000000000000',
      time: (Number.isNaN(time.getTime()) ? this.options.now() : time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: 'us-east-1',
      resources: entry.Resources ?? [],
      detail,
    };
    for (const rule of this.rules) {
      if (matchesPattern(rule.pattern, event)) this.track(this.deliver(rule, event));
    }
    return { EventId: event.id };
  }

  private track(delivery: Promise<void>): void {
    this.inFlight.add(delivery);
    void delivery.finally(() => this.inFlight.delete(delivery));
  }

  private async deliver(rule: EventRule, event: BusEvent): Promise<void> {
    const base = this.options.retryBaseMs ?? 200;
    const max = this.options.retryMaxMs ?? 5000;
    let lastError = '';
    for (let attempt = 1; attempt <= rule.retryAttempts + 1; attempt += 1) {
      try {
        const invoke = () => this.options.functions.invoke(rule.target, structuredClone(event));
        // Only the run takes a slot: a delivery waiting to retry holds none.
        const result = await (this.limit ? this.limit(invoke) : invoke());
        this.deliveries.push({
          rule: rule.id,
          target: rule.target,
          eventId: event.id,
          detailType: event['detail-type'],
          attempts: attempt,
          outcome: 'delivered',
          result,
        });
        return;
      } catch (error) {
        lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        this.options.log?.(`[bus] ${rule.id} -> ${rule.target} attempt ${attempt} failed: ${lastError}`);
        if (attempt <= rule.retryAttempts) await sleep(Math.min(max, base * 2 ** (attempt - 1)));
      }
    }
    const record: DeliveryRecord = {
      rule: rule.id,
      target: rule.target,
      eventId: event.id,
      detailType: event['detail-type'],
      attempts: rule.retryAttempts + 1,
      outcome: 'dead-lettered',
      error: lastError,
    };
    this.deliveries.push(record);
    this.deadLetters.push({ ...record, event });
    this.options.log?.(`[bus] ${rule.id} dead-lettered event ${event.id}`);
  }
}
