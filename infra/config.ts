/**
 * The deployment settings of the stack, read from CDK context (cdk.json, or `-c key=value`
 * on the command line) and validated before any resource is built, so that a bad value
 * fails `cdk synth` with the name of the context key instead of failing a deployment.
 */
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';

export const CONTEXT_KEYS = {
  senderAddress: 'srsn:senderAddress',
  facilitatorEmails: 'srsn:facilitatorEmails',
  alarmEmail: 'srsn:alarmEmail',
  logRetentionDays: 'srsn:logRetentionDays',
  sesMaxSendRate: 'srsn:sesMaxSendRate',
} as const;

export interface DeploymentConfig {
  /** The From address of every email; an SES email identity is created for it. */
  readonly senderAddress: string;
  /** Where facilitator notifications go; at least one address. */
  readonly facilitatorEmails: readonly string[];
  /** Subscribed to the alarm topic when set; undefined means no subscription. */
  readonly alarmEmail: string | undefined;
  /** Retention of every log group of the stack; one of the values CloudWatch Logs accepts. */
  readonly logRetentionDays: RetentionDays;
  /** Emails per second the bulk senders pace to; undefined: read the account's quota from SES. */
  readonly sesMaxSendRate: number | undefined;
}

export class DeploymentConfigError extends Error {
  constructor(
    readonly contextKey: string,
    problem: string,
  ) {
    super(`Invalid CDK context "${contextKey}": ${problem}`);
    this.name = 'DeploymentConfigError';
  }
}

// Deliberately simple: one @, no whitespace, a dot in the domain. SES verifies the rest.
const EMAIL = /^[^\s@,;<>]+@[^\s@,;<>]+\.[^\s@,;<>]+$/;

/** CloudWatch Logs only accepts these retention periods (RetentionDays.INFINITE excluded: logs must expire). */
const ALLOWED_RETENTION_DAYS: ReadonlySet<number> = new Set(
  Object.values(RetentionDays).filter(
    (value): value is RetentionDays => typeof value === 'number' && value !== RetentionDays.INFINITE,
  ),
);

/** Reads and validates the deployment context; `lookup` returns the raw context value of a key. */
export function parseDeploymentConfig(lookup: (key: string) => unknown): DeploymentConfig {
  return {
    senderAddress: readEmail(lookup, CONTEXT_KEYS.senderAddress),
    facilitatorEmails: readEmailList(lookup, CONTEXT_KEYS.facilitatorEmails),
    alarmEmail: readOptionalEmail(lookup, CONTEXT_KEYS.alarmEmail),
    logRetentionDays: readRetention(lookup, CONTEXT_KEYS.logRetentionDays),
    sesMaxSendRate: readOptionalRate(lookup, CONTEXT_KEYS.sesMaxSendRate),
  };
}

/** The deployment configuration of the construct tree `node` belongs to. */
export function deploymentConfigOf(node: Node): DeploymentConfig {
  return parseDeploymentConfig((key) => node.tryGetContext(key));
}

function readString(lookup: (key: string) => unknown, key: string): string | undefined {
  const raw = lookup(key);
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') {
    throw new DeploymentConfigError(key, `expected a string, got ${JSON.stringify(raw)}`);
  }
  const trimmed = raw.trim();
  return trimmed === '' ? undefined : trimmed;
}

function readEmail(lookup: (key: string) => unknown, key: string): string {
  const value = readString(lookup, key);
  if (value === undefined) throw new DeploymentConfigError(key, 'is required (an email address)');
  return checkEmail(key, value);
}

function readOptionalEmail(lookup: (key: string) => unknown, key: string): string | undefined {
  const value = readString(lookup, key);
  return value === undefined ? undefined : checkEmail(key, value);
}

function readEmailList(lookup: (key: string) => unknown, key: string): readonly string[] {
  const value = readString(lookup, key);
  if (value === undefined) {
    throw new DeploymentConfigError(key, 'is required (one or more comma-separated email addresses)');
  }
  const addresses = value.split(',').map((part) => part.trim());
  if (addresses.some((address) => address === '')) {
    throw new DeploymentConfigError(key, `has an empty entry in "${value}"`);
  }
  return addresses.map((address) => checkEmail(key, address));
}

function checkEmail(key: string, value: string): string {
  if (!EMAIL.test(value)) throw new DeploymentConfigError(key, `"${value}" is not an email address`);
  return value;
}

function readRetention(lookup: (key: string) => unknown, key: string): RetentionDays {
  const raw = lookup(key);
  if (raw === undefined || raw === null || raw === '') {
    throw new DeploymentConfigError(key, 'is required (a number of days)');
  }
  // `-c key=90` on the command line arrives as a string.
  const days = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!ALLOWED_RETENTION_DAYS.has(days)) {
    throw new DeploymentConfigError(
      key,
      `${JSON.stringify(raw)} is not a CloudWatch Logs retention period; use one of ` +
        `${[...ALLOWED_RETENTION_DAYS].sort((a, b) => a - b).join(', ')}`,
    );
  }
  return days as RetentionDays;
}

function readOptionalRate(lookup: (key: string) => unknown, key: string): number | undefined {
  const raw = lookup(key);
  if (raw === undefined || raw === null || raw === '') return undefined;
  const rate = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isFinite(rate) || rate <= 0)
    throw new DeploymentConfigError(key, `expected a positive number of emails per second, got ${JSON.stringify(raw)}`);
  return rate;
}
