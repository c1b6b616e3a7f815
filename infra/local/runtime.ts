import { rmSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StoredCohort } from '../../shared/cohorts/cohort-repository.ts';
import { ENV } from '../../shared/platform/config/env-names.ts';
import { resetClockSource, setClockSource } from '../../shared/platform/time/clock.ts';
import { applicantLinkKey } from './applicant-link-key.ts';
import { type DynamoCapacityObserver, measureConsumedCapacity } from './dynamodb-capacity.ts';
import { LocalEventBus, type PutEventsEntry, type PutEventsObserver } from './event-bus.ts';
import { createEventBridgeEndpoint } from './eventbridge-endpoint.ts';
import { type InvocationObserver, LocalFunctions } from './functions.ts';
import { createHttpApi, type LocalRoute } from './http-api.ts';
import { sendJson } from './http-util.ts';
import { close, ensureTable, listen, localDynamoClient, startDynamoDb, startSes } from './local-services.ts';
import { advanceClock } from './schedule-runner.ts';
import { writeSeedCohorts } from './seed/seed-cohorts.ts';
import {
  onSentMail,
  recordSentMail,
  type SentMailListener,
  sentMail,
  sesEventEntry,
  sesEventRequestSchema,
} from './ses-events.ts';
import { VirtualClock } from './virtual-clock.ts';

export const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Where the virtual clock starts on a fresh data folder: 7:00 AM Central on the day the seed cohort's invitations go
 * out (8:00).
 */
export const DEFAULT_CLOCK_START = '2022-08-19T12:00:00.000Z';

export interface LocalRuntimeOptions {
  readonly host?: string;
  /** 0 picks a free port. */
  readonly ports?: { api?: number; dynamodb?: number; ses?: number; events?: number };
  /** Folder for DynamoDB data and the clock; omitted = everything in memory. */
  readonly dataDir?: string;
  /** Delete the data folder first. */
  readonly fresh?: boolean;
  readonly clockStart?: Date;
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  readonly senderAddress?: string;
  readonly facilitatorEmails?: string;
  readonly log?: (line: string) => void;
  /** Opt-in instrumentation (a season replay's counts); nothing is measured without it. */
  readonly observers?: RuntimeObservers;
  /** Bus deliveries whose handlers run at once (see LocalEventBusOptions); omitted = unbounded. */
  readonly maxConcurrentDeliveries?: number;
}

/** What the runtime reports to a caller that asks: every call a cost model prices. */
export interface RuntimeObservers {
  /** Each handler run with its wall time (Lambda invocations and duration). */
  readonly invocation?: InvocationObserver;
  /** Each PutEvents call on the bus, with its entries' sizes. */
  readonly putEvents?: PutEventsObserver;
  /** Each request dynalite receives, by operation (`PutItem`, `Query`, ...), read from X-Amz-Target. */
  readonly dynamoRequest?: (operation: string) => void;
  /** The capacity each handler's DynamoDB request consumed (ReturnConsumedCapacity, see dynamodb-capacity.ts). */
  readonly dynamoCapacity?: DynamoCapacityObserver;
  /** Each email SES accepted, at the virtual instant it was sent. */
  readonly sentMail?: SentMailListener;
}

export interface LocalRuntime {
  /** The cohorts the table held at start (the seed's on a first start), drafts included. */
  readonly cohorts: readonly StoredCohort[];
  readonly urls: { api: string; inbox: string; dynamodb: string; events: string };
  readonly tableName: string;
  readonly busName: string;
  readonly clock: VirtualClock;
  readonly bus: LocalEventBus;
  readonly functions: LocalFunctions;
  stop(): Promise<void>;
}

const TABLE_NAME = 'srsn-local';

type Ports = { api: number; dynamodb: number; ses: number; events: number };

/**
 * Handler modules load once per process and their SDK clients keep the endpoints
 * they saw then, so one process runs one runtime at a time, and a restart in the
 * same process comes back on the same ports.
 */
let running = false;
let portsOfThisProcess: Ports | undefined;

function choosePorts(requested: LocalRuntimeOptions['ports']): Partial<Ports> {
  if (!portsOfThisProcess) return requested ?? {};
  const fixed = portsOfThisProcess;
  for (const name of Object.keys(fixed) as Array<keyof Ports>) {
    const wanted = requested?.[name];
    if (wanted !== undefined && wanted !== 0 && wanted !== fixed[name]) {
      throw new Error(
        `This process already ran the local runtime with ${name} port ${fixed[name]}; handlers keep their endpoints, ` +
          `so it cannot move to ${wanted}`,
      );
    }
  }
  return fixed;
}
const BUS_NAME = 'srsn-local';

async function readJson(body: Buffer): Promise<unknown> {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Starts the whole system on this machine: dynalite, the local SES with its inbox,
 * the in-process bus, the HTTP API and the virtual clock. The handlers are the
 * same modules Lambda runs; only the endpoints in their environment differ.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  if (running) throw new Error('A local runtime is already running in this process');
  running = true;
  try {
    return await start(options);
  } catch (error) {
    running = false;
    throw error;
  }
}

async function start(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const host = options.host ?? '127.0.0.1';
  const ports = choosePorts(options.ports);
  const log = options.log ?? ((line: string) => console.log(line));
  if (options.dataDir && options.fresh) rmSync(options.dataDir, { recursive: true, force: true });

  const dynamo = await startDynamoDb({
    host,
    port: ports.dynamodb ?? 0,
    ...(options.dataDir ? { dataDir: path.join(options.dataDir, 'dynamodb') } : {}),
  });
  const ses = await startSes({ host, port: ports.ses ?? 0 });
  const dynamoUrl = `http://${host}:${dynamo.port}`;
  await ensureTable(dynamoUrl, TABLE_NAME);

  const observers = options.observers ?? {};
  const { dynamoRequest } = observers;
  if (dynamoRequest) {
    // dynalite's own handler answers; this listener only reads the operation's name.
    dynamo.server.on('request', (request: IncomingMessage) =>
      dynamoRequest(String(request.headers['x-amz-target'] ?? 'unknown').replace(/^DynamoDB_\d+\./, '')),
    );
  }

  const clock = new VirtualClock({
    start: options.clockStart ?? new Date(DEFAULT_CLOCK_START),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  });
  setClockSource(() => clock.now());
  recordSentMail(() => clock.now());
  const cohorts = await writeSeedCohorts(
    DynamoDBDocumentClient.from(localDynamoClient(dynamoUrl)),
    TABLE_NAME,
    clock.now(),
  );

  const functions = new LocalFunctions(REPOSITORY_ROOT);
  const bus = new LocalEventBus({
    busName: BUS_NAME,
    functions,
    now: () => clock.now(),
    log,
    ...(options.retryBaseMs !== undefined ? { retryBaseMs: options.retryBaseMs } : {}),
    ...(options.retryMaxMs !== undefined ? { retryMaxMs: options.retryMaxMs } : {}),
    ...(options.maxConcurrentDeliveries !== undefined
      ? { maxConcurrentDeliveries: options.maxConcurrentDeliveries }
      : {}),
  });
  if (observers.invocation) functions.observe(observers.invocation);
  if (observers.putEvents) bus.observe(observers.putEvents);
  const eventsServer = createEventBridgeEndpoint(bus);
  const eventsPort = await listen(eventsServer, ports.events ?? 0, host);

  // The handlers read their configuration once at load, exactly as in Lambda.
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamoUrl,
    AWS_ENDPOINT_URL_SESV2: `http://${host}:${ses.port}`,
    AWS_ENDPOINT_URL_EVENTBRIDGE: `http://${host}:${eventsPort}`,
    [ENV.tableName]: TABLE_NAME,
    [ENV.eventBusName]: BUS_NAME,
    [ENV.senderAddress]: options.senderAddress ?? 'no-reply@innovation-zones.localhost',
    [ENV.configurationSet]: 'srsn-local',
    [ENV.facilitatorEmails]: options.facilitatorEmails ?? 'facilitators@innovation-zones.localhost',
    SES_MAX_SEND_RATE: process.env.SES_MAX_SEND_RATE ?? '50', // the local SES reports no quota: bulk sends pace to this
  });
  delete process.env.AWS_PROFILE;
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  process.env.POWERTOOLS_SERVICE_NAME ??= 'srsn-innovation-zones';

  const localRoutes: Record<string, LocalRoute> = {
    'GET /_local/health': async (_request: IncomingMessage, _body: Buffer, response: ServerResponse) => {
      sendJson(response, 200, {
        status: 'ok',
        now: clock.now().toISOString(),
        pendingDeliveries: bus.pendingDeliveries,
        deadLetters: bus.deadLetters.length,
        urls: runtime.urls,
      });
    },
    'GET /_local/clock': async (_request, _body, response) => {
      sendJson(response, 200, { now: clock.now().toISOString() });
    },
    'POST /_local/clock': async (_request, body, response) => {
      const parsed = (await readJson(body)) as { now?: unknown } | undefined;
      const instant =
        typeof parsed?.now === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(parsed.now)
          ? new Date(parsed.now)
          : new Date(Number.NaN);
      let ticks: number;
      try {
        ticks = await advanceClock(clock, instant, functions, bus);
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
        sendJson(response, 400, { error: 'ValidationError', errors: [{ field: 'now', message: error.message }] });
        return;
      }
      sendJson(response, 200, { now: clock.now().toISOString(), ticks });
    },
    'POST /_local/events': async (_request, body, response) => {
      const parsed = (await readJson(body)) as { Entries?: unknown } | undefined;
      if (!parsed || !Array.isArray(parsed.Entries)) {
        sendJson(response, 400, {
          error: 'ValidationError',
          errors: [{ field: 'Entries', message: 'must be an array of PutEvents entries' }],
        });
        return;
      }
      let result: ReturnType<LocalEventBus['putEvents']>;
      try {
        result = bus.putEvents(parsed.Entries as PutEventsEntry[]);
      } catch (error) {
        sendJson(response, 400, {
          error: 'ValidationError',
          errors: [{ field: 'Entries', message: (error as Error).message }],
        });
        return;
      }
      await bus.whenIdle();
      const ids = new Set(result.Entries.map((entry) => entry.EventId).filter(Boolean));
      sendJson(response, 200, {
        ...result,
        deliveries: bus.deliveries.filter((delivery) => ids.has(delivery.eventId)),
      });
    },
    // The SES event a message's bounce, complaint, delivery or reject would publish (see ses-events.ts).
    'POST /_local/ses-events': async (_request, body, response) => {
      const parsed = sesEventRequestSchema.safeParse(await readJson(body));
      if (!parsed.success) {
        sendJson(response, 400, {
          error: 'ValidationError',
          errors: parsed.error.issues.map((issue) => ({
            field: issue.path.join('.') || 'body',
            message: issue.message,
          })),
        });
        return;
      }
      const mail = sentMail(parsed.data.messageId);
      if (!mail) {
        sendJson(response, 404, {
          error: 'UnknownMessage',
          message: `No message ${parsed.data.messageId} was sent by this runtime since it started.`,
        });
        return;
      }
      const stranger = parsed.data.recipients?.find(
        (address) => !mail.destination.some((sentTo) => sentTo.toLowerCase() === address.toLowerCase()),
      );
      if (stranger !== undefined) {
        sendJson(response, 400, {
          error: 'ValidationError',
          errors: [{ field: 'recipients', message: `${stranger} is not a recipient of message ${mail.messageId}` }],
        });
        return;
      }
      const entry = sesEventEntry(parsed.data, mail, BUS_NAME);
      const result = bus.putEvents([entry]);
      await bus.whenIdle();
      const eventId = result.Entries[0]?.EventId;
      sendJson(response, 200, {
        entry,
        eventId,
        deliveries: bus.deliveries.filter((delivery) => delivery.eventId === eventId),
      });
    },
    'GET /_local/dead-letters': async (_request, _body, response) => {
      sendJson(response, 200, { deadLetters: bus.deadLetters });
    },
  };

  const apiServer = createHttpApi(functions, localRoutes, log);
  const apiPort = await listen(apiServer, ports.api ?? 0, host);

  // Applicant links: emails point at this API, and their secrets use a local key (generated
  // once, kept in the data folder) in place of the stack's Secrets Manager secret.
  process.env[ENV.publicApiUrl] = `http://${host}:${apiPort}`;
  process.env[ENV.applicantLinkKey] = applicantLinkKey(options.dataDir);
  delete process.env[ENV.applicantLinkSecretArn];
  await functions.loadAll();

  // Process-wide hooks (the shared SDK clients), so undone by stop().
  const stopObserving: Array<() => void> = [];
  if (observers.dynamoCapacity) stopObserving.push(measureConsumedCapacity(observers.dynamoCapacity));
  if (observers.sentMail) stopObserving.push(onSentMail(observers.sentMail));

  portsOfThisProcess = { api: apiPort, dynamodb: dynamo.port, ses: ses.port, events: eventsPort };
  const servers: Server[] = [apiServer, eventsServer, ses.server, dynamo.server];
  const runtime: LocalRuntime = {
    cohorts,
    urls: {
      api: `http://${host}:${apiPort}`,
      inbox: `http://${host}:${ses.port}`,
      dynamodb: dynamoUrl,
      events: `http://${host}:${eventsPort}`,
    },
    tableName: TABLE_NAME,
    busName: BUS_NAME,
    clock,
    bus,
    functions,
    async stop() {
      await bus.whenIdle();
      for (const server of servers) {
        server.closeAllConnections?.();
        await close(server);
      }
      for (const stop of stopObserving) stop();
      resetClockSource();
      running = false;
    },
  };
  return runtime;
}
