/**
 * The AWS cost of one season, from the calls a season replay counted (Lambda invocations and
 * duration, DynamoDB request units, EventBridge events, SES emails, API requests) and the
 * resources the CDK stack creates, at list prices written next to each line.
 *
 *   npx tsx test/bench/cost-model.ts [.season/bench/season-555.json]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/app.ts';
import type { SeasonResult } from '../../infra/local/season/report.ts';
import { type FunctionName, functionDefinitions } from '../../infra/routing.ts';
import type { BenchSection } from './section.ts';

/**
 * List prices, US East (N. Virginia) and US East (Ohio) alike, before free tiers, as
 * published on each service's pricing page (checked 2026-11; DynamoDB's are the on-demand
 * prices after the November 2024 reduction).
 */
export const PRICES = {
  lambdaRequestPerMillion: { usd: 0.2, source: 'aws.amazon.com/lambda/pricing — requests' },
  lambdaArmGbSecond: { usd: 0.0000133334, source: 'aws.amazon.com/lambda/pricing — Arm, first 7.5 billion GB-s' },
  dynamoWriteUnitPerMillion: {
    usd: 0.625,
    source: 'aws.amazon.com/dynamodb/pricing/on-demand — write request units',
  },
  dynamoReadUnitPerMillion: { usd: 0.125, source: 'aws.amazon.com/dynamodb/pricing/on-demand — read request units' },
  eventBridgeEventPerMillion: {
    usd: 1.0,
    source: 'aws.amazon.com/eventbridge/pricing — custom events (and cross-bus deliveries), per 64 KB chunk',
  },
  schedulerInvocationPerMillion: {
    usd: 1.0,
    source: 'aws.amazon.com/eventbridge/pricing — Scheduler invocations (14 million a month free)',
  },
  sesEmailPerThousand: { usd: 0.1, source: 'aws.amazon.com/ses/pricing — outbound email' },
  httpApiRequestPerMillion: { usd: 1.0, source: 'aws.amazon.com/api-gateway/pricing — HTTP APIs, first 300 million' },
  cloudWatchAlarmMonth: { usd: 0.1, source: 'aws.amazon.com/cloudwatch/pricing — standard-resolution alarm metric' },
  cloudWatchLogsIngestedGb: { usd: 0.5, source: 'aws.amazon.com/cloudwatch/pricing — logs ingested (standard)' },
  secretMonth: { usd: 0.4, source: 'aws.amazon.com/secrets-manager/pricing — per secret per month' },
} as const;

/**
 * What the local replay cannot count, stated as assumptions: SES publishes a delivery event
 * for every email, which the stack forwards to the app bus and one function records.
 */
export const ASSUMPTIONS = {
  /** Billing months a season's resources exist: August through June (e.g. 2027 to 2028). */
  seasonMonths: 11,
  /** SES's sending rate for the account; the bulk worker is billed for the time it waits on it. */
  sesMaxSendRate: 14,
  /** Per email in AWS: one delivery event forwarded from the default bus (one more custom event)… */
  deliveryEventsPerEmail: 1,
  /** …handled by the delivery-feedback function in about this long… */
  deliveryHandlerMs: 40,
  /** …writing the email's delivery status to the audit trail (one item ≤ 1 KB) after one read. */
  deliveryWriteUnits: 1,
  deliveryReadUnits: 0.5,
  /** Log bytes per invocation (Lambda's START/END/REPORT lines and Powertools' JSON lines at INFO). */
  logBytesPerInvocation: 1_000,
};

interface CostLine {
  /** Usage: paid per call; standing: paid per month whatever the volume. */
  readonly kind: 'usage' | 'standing';
  readonly item: string;
  readonly quantity: string;
  readonly price: string;
  readonly usd: number;
}

const usd = (value: number) => (value < 0.01 ? `$${value.toFixed(4)}` : `$${value.toFixed(2)}`);
const unitPrice = (value: number) =>
  `$${Number.isInteger(Math.round(value * 1e6) / 1e4) ? value.toFixed(2) : String(value)}`;
const count = (value: number) => Math.round(value).toLocaleString('en-US');

/** Resources of the stack that cost by the month, counted in its synthesized template. */
function stackResources(): { alarms: number; secrets: number; functions: number } {
  const outdir = mkdtempSync(path.join(tmpdir(), 'srsn-cost-'));
  try {
    const { stack } = buildApp({
      outdir,
      nag: false,
      cloudFormationValidation: false,
      context: { 'aws:cdk:bundling-stacks': [] },
    });
    const resources = Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string }>;
    const ofType = (type: string) => Object.values(resources).filter((resource) => resource.Type === type).length;
    return {
      alarms: ofType('AWS::CloudWatch::Alarm'),
      secrets: ofType('AWS::SecretsManager::Secret'),
      functions: ofType('AWS::Lambda::Function'),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export function costOfSeason(season: SeasonResult): {
  lines: CostLine[];
  total: number;
  usage: number;
  perEmail: number;
} {
  const { counts } = season;
  const functions = Object.entries(counts.lambda) as Array<[FunctionName, (typeof counts.lambda)[string]]>;
  const emails = counts.ses.emails;
  const bulkEmails = Object.entries(season.totals.byKind).reduce(
    (total, [kind, figures]) => total + (BULK_KINDS.has(kind) ? figures.emails : 0),
    0,
  );

  const invocations =
    functions.reduce((total, [, figures]) => total + figures.invocations, 0) +
    emails * ASSUMPTIONS.deliveryEventsPerEmail;
  // Billed GB-s: each function's measured handler time at its configured memory; the bulk
  // worker at least for the time it waits on SES's rate; plus the delivery events' handler.
  let gbSeconds = 0;
  for (const [name, figures] of functions) {
    const gb = (functionDefinitions[name]?.memoryMb ?? 512) / 1024;
    const seconds =
      name === 'sendBulkMail'
        ? Math.max(figures.billedMs / 1000, bulkEmails / ASSUMPTIONS.sesMaxSendRate)
        : figures.billedMs / 1000;
    gbSeconds += gb * seconds;
  }
  gbSeconds +=
    (functionDefinitions.handleDeliveryEvents.memoryMb / 1024) * ((emails * ASSUMPTIONS.deliveryHandlerMs) / 1000);

  const writeUnits =
    counts.dynamodb.writeUnits + counts.dynamodb.indexWriteUnits + emails * ASSUMPTIONS.deliveryWriteUnits;
  const readUnits = counts.dynamodb.readUnits + emails * ASSUMPTIONS.deliveryReadUnits;
  const events = counts.eventBridge.billedEvents + emails * ASSUMPTIONS.deliveryEventsPerEmail;
  const resources = stackResources();
  const logGb = (invocations * ASSUMPTIONS.logBytesPerInvocation) / 1024 ** 3;

  const lines: CostLine[] = [
    {
      kind: 'usage',
      item: 'Lambda requests',
      quantity: count(invocations),
      price: `${unitPrice(PRICES.lambdaRequestPerMillion.usd)} per million`,
      usd: (invocations / 1e6) * PRICES.lambdaRequestPerMillion.usd,
    },
    {
      kind: 'usage',
      item: 'Lambda duration (arm64)',
      quantity: `${count(gbSeconds)} GB-s`,
      price: `${unitPrice(PRICES.lambdaArmGbSecond.usd)} per GB-s`,
      usd: gbSeconds * PRICES.lambdaArmGbSecond.usd,
    },
    {
      kind: 'usage',
      item: 'DynamoDB writes (table + index)',
      quantity: `${count(writeUnits)} WRU`,
      price: `${unitPrice(PRICES.dynamoWriteUnitPerMillion.usd)} per million`,
      usd: (writeUnits / 1e6) * PRICES.dynamoWriteUnitPerMillion.usd,
    },
    {
      kind: 'usage',
      item: 'DynamoDB reads',
      quantity: `${count(readUnits)} RRU`,
      price: `${unitPrice(PRICES.dynamoReadUnitPerMillion.usd)} per million`,
      usd: (readUnits / 1e6) * PRICES.dynamoReadUnitPerMillion.usd,
    },
    {
      kind: 'usage',
      item: 'EventBridge events',
      quantity: count(events),
      price: `${unitPrice(PRICES.eventBridgeEventPerMillion.usd)} per million`,
      usd: (events / 1e6) * PRICES.eventBridgeEventPerMillion.usd,
    },
    {
      kind: 'usage',
      item: 'EventBridge Scheduler ticks',
      quantity: count(counts.scheduleInvocations),
      price: `${unitPrice(PRICES.schedulerInvocationPerMillion.usd)} per million`,
      usd: (counts.scheduleInvocations / 1e6) * PRICES.schedulerInvocationPerMillion.usd,
    },
    {
      kind: 'usage',
      item: 'SES emails',
      quantity: count(emails),
      price: `${unitPrice(PRICES.sesEmailPerThousand.usd)} per 1,000`,
      usd: (emails / 1000) * PRICES.sesEmailPerThousand.usd,
    },
    {
      kind: 'usage',
      item: 'API Gateway HTTP API requests',
      quantity: count(counts.apiGatewayRequests),
      price: `${unitPrice(PRICES.httpApiRequestPerMillion.usd)} per million`,
      usd: (counts.apiGatewayRequests / 1e6) * PRICES.httpApiRequestPerMillion.usd,
    },
    {
      kind: 'usage',
      item: 'CloudWatch Logs ingested',
      quantity: `${logGb.toFixed(3)} GB`,
      price: `${unitPrice(PRICES.cloudWatchLogsIngestedGb.usd)} per GB`,
      usd: logGb * PRICES.cloudWatchLogsIngestedGb.usd,
    },
    {
      kind: 'standing',
      item: `CloudWatch alarms (${resources.alarms}) × ${ASSUMPTIONS.seasonMonths} months`,
      quantity: count(resources.alarms * ASSUMPTIONS.seasonMonths),
      price: `${unitPrice(PRICES.cloudWatchAlarmMonth.usd)} per alarm-month`,
      usd: resources.alarms * ASSUMPTIONS.seasonMonths * PRICES.cloudWatchAlarmMonth.usd,
    },
    {
      kind: 'standing',
      item: `Secrets Manager (${resources.secrets}) × ${ASSUMPTIONS.seasonMonths} months`,
      quantity: count(resources.secrets * ASSUMPTIONS.seasonMonths),
      price: `${unitPrice(PRICES.secretMonth.usd)} per secret-month`,
      usd: resources.secrets * ASSUMPTIONS.seasonMonths * PRICES.secretMonth.usd,
    },
  ];
  const total = lines.reduce((sum, line) => sum + line.usd, 0);
  const usage = lines.filter((line) => line.kind === 'usage').reduce((sum, line) => sum + line.usd, 0);
  return { lines, total, usage, perEmail: emails > 0 ? usage / emails : 0 };
}

/** Email kinds (their `notification` tag) the bulk worker sends. */
const BULK_KINDS = new Set([
  'invitation',
  'deadline-reminder',
  'session-reminder',
  'planning-meeting-reminder',
  'session-moved',
  'session-cancelled',
  'session-materials',
]);

export function run(season: SeasonResult): BenchSection {
  const { lines, total, usage, perEmail } = costOfSeason(season);
  const costOf = (prefix: string) =>
    lines.filter((line) => line.item.startsWith(prefix)).reduce((sum, line) => sum + line.usd, 0);
  const sesCost = costOf('SES');
  const alarmCost = costOf('CloudWatch alarms');
  const markdown = [
    `From the counted calls of the ${season.districts}-district, ${season.partners}-partner replay ` +
      `(${count(season.counts.ses.emails)} emails), at list prices before free tiers:`,
    '',
    '| item | quantity | price | cost |',
    '|---|---:|---|---:|',
    ...lines
      .filter((line) => line.kind === 'usage')
      .map((line) => `| ${line.item} | ${line.quantity} | ${line.price} | ${usd(line.usd)} |`),
    `| *usage subtotal* | | | *${usd(usage)}* |`,
    ...lines
      .filter((line) => line.kind === 'standing')
      .map((line) => `| ${line.item} | ${line.quantity} | ${line.price} | ${usd(line.usd)} |`),
    `| **season total** | | | **${usd(total)}** |`,
    '',
    `Usage comes to ${usd(perEmail * 1000)} per 1,000 emails sent, ${Math.round((100 * sesCost) / usage)}% of it SES ` +
      `itself; the standing cost is ${Math.round((100 * alarmCost) / (total - usage))}% CloudWatch alarms (one per ` +
      `function's errors and one per dead-letter queue), which the free tier's 10 alarms only dent.`,
    '',
    'Assumptions (what a local replay cannot count): ' +
      `${ASSUMPTIONS.seasonMonths} billing months (August to June); the bulk worker billed at least for the time it ` +
      `waits on an SES rate of ${ASSUMPTIONS.sesMaxSendRate}/s; ` +
      `per email one SES delivery event forwarded to the app bus and handled in ${ASSUMPTIONS.deliveryHandlerMs} ms ` +
      `with ${ASSUMPTIONS.deliveryWriteUnits} WRU and ${ASSUMPTIONS.deliveryReadUnits} RRU; ` +
      `${ASSUMPTIONS.logBytesPerInvocation} log bytes per invocation. Lambda duration is the handler time measured ` +
      `on this machine (a proxy: Lambda's 512 MB is about a third of a vCPU). ` +
      'Not priced: DynamoDB storage and backups (well under 1 GB), SQS dead-letter queues (empty), Cognito (a few ' +
      'facilitators, inside the free tier), KMS (AWS-owned keys).',
    '',
    'Prices: ' +
      Object.values(PRICES)
        .map((price) => price.source)
        .join('; ') +
      '.',
  ].join('\n');
  return {
    title: 'AWS cost of one season',
    command: `npx tsx test/bench/cost-model.ts .season/bench/season-${season.districts}.json`,
    markdown,
    targets: [],
    data: { lines, total, usage, perEmail, assumptions: ASSUMPTIONS },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file =
    process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '../../.season/season-555.json');
  const section = run(JSON.parse(readFileSync(file, 'utf8')) as SeasonResult);
  console.log(`## ${section.title}\n\n${section.markdown}`);
}
