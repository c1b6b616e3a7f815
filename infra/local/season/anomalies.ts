import { defined } from '../../defined.ts';
import { kindOfKey } from './business-keys.ts';
import type { ExpectedEmail } from './expectations.ts';
import type { SeasonFacts } from './facts.ts';
import type { MailLog } from './mail-log.ts';

export type AnomalyType =
  /** The same recipient got the same email (business key) more than once. */
  | 'duplicate'
  /** A recipient the season called for got nothing. */
  | 'missed'
  /** An email nobody should have got. */
  | 'unexpected'
  /** An email to the address of a refused (invalid or late) submission, beyond its invitation and reminders. */
  | 'refused-submission-email'
  /** Sent at another instant than the one it is due at. */
  | 'wrong-instant'
  /** Sent as Cc where To was due, or the other way round. */
  | 'wrong-role'
  /** An API answer other than the one the step calls for (and so a step that could not be done). */
  | 'api'
  /** The system kept something it should not have (an application from a refused submission). */
  | 'stored'
  /** An event the bus gave up on after every retry. */
  | 'dead-letter'
  /** An email that names no cohort, or another cohort than the one its recipients belong to. */
  | 'wrong-cohort';

export interface Anomaly {
  readonly type: AnomalyType;
  readonly detail: string;
  readonly address?: string;
  readonly key?: string;
  /** The virtual instant it concerns. */
  readonly at?: string;
}

/** Collects anomalies as the replay finds them (API answers, dead letters, stored data). */
export class AnomalyLog {
  readonly items: Anomaly[] = [];

  add(anomaly: Anomaly): void {
    this.items.push(anomaly);
  }
}

const INVITATION_KINDS = new Set(['invitation', 'deadline-reminder']);

/** Compares what was sent with what was due: per recipient and business key. */
export function compareEmails(
  expected: ReadonlyMap<string, ExpectedEmail>,
  sent: MailLog,
  facts: SeasonFacts,
): Anomaly[] {
  const anomalies: Anomaly[] = [];
  const refusedAddresses = new Set(facts.refused.map((refused) => refused.contact.toLowerCase()));
  for (const [entryKey, due] of expected) {
    const received = sent.received.get(entryKey);
    const at = due.at.toISOString();
    if (!received) {
      anomalies.push({
        type: 'missed',
        address: due.address,
        key: due.key,
        at,
        detail: `${due.address} did not get ${due.key} (due ${at})`,
      });
      continue;
    }
    if (received.count > 1)
      anomalies.push({
        type: 'duplicate',
        address: due.address,
        key: due.key,
        at,
        detail: `${due.address} got ${due.key} ${received.count} times (${received.sentAt.join(', ')})`,
      });
    const wrong = received.sentAt.filter((sentAt) => sentAt !== at);
    if (wrong.length > 0)
      anomalies.push({
        type: 'wrong-instant',
        address: due.address,
        key: due.key,
        at,
        detail: `${due.address} got ${due.key} at ${wrong.join(', ')}, due ${at}`,
      });
    if (received.role !== due.role)
      anomalies.push({
        type: 'wrong-role',
        address: due.address,
        key: due.key,
        at,
        detail: `${due.address} got ${due.key} as ${received.role.toUpperCase()}, due as ${due.role.toUpperCase()}`,
      });
  }
  for (const [entryKey, received] of sent.received) {
    if (expected.has(entryKey)) continue;
    const [address = '', key = ''] = entryKey.split('\u0000');
    const refused = refusedAddresses.has(address) && !INVITATION_KINDS.has(kindOfKey(key));
    anomalies.push({
      type: refused ? 'refused-submission-email' : 'unexpected',
      address,
      key,
      at: defined(received.sentAt[0], `the first sending of ${key} to ${address}`),
      detail:
        `${address} got ${key} ("${received.subject}") at ` +
        `${received.sentAt.join(', ')}` +
        `${refused ? ', though its submission was refused' : ', which nothing called for'}`,
    });
    if (received.count > 1)
      anomalies.push({
        type: 'duplicate',
        address,
        key,
        at: defined(received.sentAt[0], `the first sending of ${key} to ${address}`),
        detail: `${address} got ${key} ${received.count} times`,
      });
  }
  return anomalies;
}
