import type { EventPattern, PatternValue } from '../../shared/platform/events/contract.ts';

/**
 * EventBridge pattern matching for the local bus: exact values, prefix, suffix,
 * anything-but and exists, over nested fields, with EventBridge's rule that an
 * array value matches when any of its elements does.
 */
export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  if (typeof event !== 'object' || event === null) return false;
  const record = event as Record<string, unknown>;
  return Object.entries(pattern).every(([field, expected]) =>
    Array.isArray(expected)
      ? matchesField(expected as readonly PatternValue[], record[field], field in record)
      : matchesPattern(expected as EventPattern, record[field]),
  );
}

function matchesField(expected: readonly PatternValue[], actual: unknown, present: boolean): boolean {
  const values = Array.isArray(actual) ? actual : [actual];
  return expected.some((condition) => {
    if (typeof condition === 'object' && condition !== null && 'exists' in condition) {
      // Like EventBridge, `exists` looks at leaves only: an object-valued field does not count.
      const isLeaf = actual !== undefined && (actual === null || typeof actual !== 'object' || Array.isArray(actual));
      return condition.exists === (present && isLeaf);
    }
    if (!present) return false;
    return values.some((value) => matchesValue(condition, value));
  });
}

function matchesValue(condition: PatternValue, value: unknown): boolean {
  if (condition === null || typeof condition !== 'object') return condition === value;
  if ('prefix' in condition) return typeof value === 'string' && value.startsWith(condition.prefix);
  if ('suffix' in condition) return typeof value === 'string' && value.endsWith(condition.suffix);
  if ('anything-but' in condition) {
    const excluded = condition['anything-but'];
    const list: readonly unknown[] = Array.isArray(excluded) ? excluded : [excluded];
    return !list.includes(value);
  }
  return false;
}
