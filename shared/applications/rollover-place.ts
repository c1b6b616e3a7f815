import type { ApplicationRecord } from './repository.ts';

/** A place created by an `accept` rollover: its result was the rollover email itself. */
export function isAcceptedByRollover(record: Pick<ApplicationRecord, 'rolledOverFrom' | 'review' | 'status'>): boolean {
  return record.rolledOverFrom !== undefined && record.review === undefined && record.status === 'selected';
}
