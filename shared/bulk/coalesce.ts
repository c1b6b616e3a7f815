import DataLoader from 'dataloader';

/**
 * Turns a batch write into a per-item one whose concurrent calls share requests: every
 * item handed over while the event loop handles one round of I/O goes into one call of
 * `writeBatch` (at most `maxBatchSize` items each). Each caller's promise settles when its
 * batch is written, so nothing is counted as done before it is.
 */
export function coalesced<T>(writeBatch: (items: readonly T[]) => Promise<void>, maxBatchSize: number): (item: T) => Promise<void> {
  const loader = new DataLoader<T, void>(
    async (items) => {
      await writeBatch(items);
      return items.map(() => undefined);
    },
    // setImmediate: after the I/O callbacks of this turn, so messages resumed by different
    // responses of one turn share a request, at no added delay.
    { cache: false, maxBatchSize, batchScheduleFn: (callback) => setImmediate(callback) },
  );
  return (item) => loader.load(item);
}
