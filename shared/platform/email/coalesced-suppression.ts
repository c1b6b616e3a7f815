import DataLoader from 'dataloader';
import { BATCH_GET_LIMIT } from '../dynamodb/batch-requests.ts';
import type { SuppressionLookup } from './send.ts';
import { normalizeAddress } from './suppression-list.ts';

/**
 * A suppression lookup that answers the sends in flight together: every address asked for
 * while the event loop handles one round of I/O goes into one read of the list (one
 * BatchGetItem per 100), instead of one read per email. Nothing is cached, so each send
 * still sees the list as it is at that moment.
 */
export function coalescedSuppressionLookup(lookup: SuppressionLookup): SuppressionLookup {
  const loader = new DataLoader<string, boolean>(
    async (addresses) => {
      const suppressed = await lookup.suppressedAmong(addresses);
      return addresses.map((address) => suppressed.has(address));
    },
    // setImmediate: after the I/O callbacks of this turn, so sends resumed by different
    // responses of one turn share a read, at no added delay.
    { cache: false, maxBatchSize: BATCH_GET_LIMIT, batchScheduleFn: (callback) => setImmediate(callback) },
  );
  return {
    async suppressedAmong(addresses) {
      const normalized = [...new Set(addresses.map(normalizeAddress))];
      const flags = await Promise.all(normalized.map((address) => loader.load(address)));
      return new Set(normalized.filter((_, index) => flags[index]));
    },
  };
}
