/**
 * Pagination tokens: DynamoDB's LastEvaluatedKey as base64url JSON. A token is read back
 * only if it has exactly the key attributes of the table or index queried, each a string
 * DynamoDB accepts in a key: a forged one would otherwise fail the Query with a 500.
 */

/** DynamoDB's limits on a key attribute's value, in UTF-8 bytes. */
const MAX_KEY_BYTES = { partition: 2048, sort: 1024 } as const;

/** The attributes of a LastEvaluatedKey, each with the part of a key it is. */
export type PageKeyAttributes = Readonly<Record<string, keyof typeof MAX_KEY_BYTES>>;

/** The table's own key: a Query on the table. */
export const TABLE_KEY_ATTRIBUTES: PageKeyAttributes = { pk: 'partition', sk: 'sort' };
/** A Query on the queue index pages by the index's key and the table's. */
const QUEUE_KEY_ATTRIBUTES: PageKeyAttributes = { ...TABLE_KEY_ATTRIBUTES, gsi1pk: 'partition', gsi1sk: 'sort' };

export function encodePageToken(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

/**
 * Reads a token back only for the query that issued it: the same cohort and zone, the
 * same status (if any), and an application item; anything else would make DynamoDB fail.
 */
export function decodeQueueToken(
  token: string,
  query: { gsi1pk: string; statusPrefix?: string },
): Record<string, string> | undefined {
  const key = decodePageToken(token, QUEUE_KEY_ATTRIBUTES);
  if (!key) return undefined;
  const matches =
    key.gsi1pk === query.gsi1pk &&
    key.sk === 'APPLICATION' &&
    key.pk?.startsWith('APPLICATION#') &&
    key.gsi1sk?.startsWith(query.statusPrefix ?? 'STATUS#');
  return matches ? key : undefined;
}

/** The key a token holds, if it has exactly `attributes`, each a non-empty string within DynamoDB's limit. */
export function decodePageToken(token: string, attributes: PageKeyAttributes): Record<string, string> | undefined {
  try {
    const key = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (typeof key !== 'object' || key === null || Array.isArray(key)) return undefined;
    const entries = Object.entries(key);
    const valid =
      entries.length === Object.keys(attributes).length &&
      entries.every(([name, value]) => isKeyValue(value, attributes, name));
    return valid ? (key as Record<string, string>) : undefined;
  } catch {
    return undefined;
  }
}

function isKeyValue(value: unknown, attributes: PageKeyAttributes, name: string): boolean {
  // Own properties only: "__proto__" or "toString" must not find the prototype's.
  const part = Object.hasOwn(attributes, name) ? attributes[name] : undefined;
  if (part === undefined || typeof value !== 'string') return false;
  const bytes = Buffer.byteLength(value, 'utf8');
  return bytes > 0 && bytes <= MAX_KEY_BYTES[part];
}
