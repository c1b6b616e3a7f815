/**
 * Stands in for `mnemonist/lru-cache` in the Lambda bundles only (see lambda-bundle.ts).
 *
 * The DynamoDB client builds an endpoint-discovery cache (`@aws-sdk/endpoint-cache`) on
 * mnemonist's typed-array LRU, ~7 KB of every bundle that talks to DynamoDB, for a feature
 * DynamoDB never needs (endpoint discovery is off unless enabled). This is the part of
 * mnemonist's LRUCache the endpoint cache uses — get, peek, has, set, clear with a capacity —
 * on a Map, whose insertion order gives the recency.
 */
export default class LRUCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {
    if (!(capacity > 0)) throw new Error('An LRU cache needs a capacity above 0');
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value, now the most recently used. */
  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key) as V;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** The value, its recency unchanged. */
  peek(key: K): V | undefined {
    return this.entries.get(key);
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** Stores the value as the most recently used, dropping the least recently used beyond the capacity. */
  set(key: K, value: V): this {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
    return this;
  }

  clear(): void {
    this.entries.clear();
  }
}
