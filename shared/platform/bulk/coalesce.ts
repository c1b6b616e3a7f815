import DataLoader from 'dataloader';

/**
 * Turns a batch operation into a per-item one whose concurrent calls share requests: every
 * item handed over while the event loop handles one round of I/O goes into one call of
 * `handleBatch` (at most `maxBatchSize` items each), which answers each item in order.
 * Each caller's promise settles when its batch is done, so nothing is counted before it is.
 */
export function batched<T, R>(
  handleBatch: (items: readonly T[]) => Promise<readonly R[]>,
  maxBatchSize: number,
): (item: T) => Promise<R> {
  const loader = new DataLoader<T, R>(handleBatch, {
    cache: false,
    maxBatchSize,
    // setImmediate: after the I/O callbacks of this turn, so messages resumed by different
    // responses of one turn share a request, at no added delay.
    batchScheduleFn: (callback) => setImmediate(callback),
  });
  return (item) => loader.load(item);
}

/** batched() for a batch write, which answers nothing per item. */
export function coalesced<T>(
  writeBatch: (items: readonly T[]) => Promise<void>,
  maxBatchSize: number,
): (item: T) => Promise<void> {
  return batched(async (items) => {
    await writeBatch(items);
    return items.map(() => undefined);
  }, maxBatchSize);
}
